import { allowPasswordRecovery } from "../../domain/privileged/allow-password-recovery";
import { CommandResult } from "../command";
import { terminalConfirm } from "../confirm";
import { EXIT } from "../exit-codes";
import { processOutput } from "../output";
import type { PrivilegedOptions } from "../privileged-command";
import { withPrivilegedDeps } from "./privileged-deps";
import { renderPasswordRecoveryPlan, renderPasswordRecoveryResult } from "../render/privileged";

export async function run(opts: PrivilegedOptions): CommandResult {
  const out = processOutput(!opts.color);
  const [accountId] = opts.account;
  const outcome = await withPrivilegedDeps(opts, out, (deps) => allowPasswordRecovery(deps, accountId, terminalConfirm(out, opts, renderPasswordRecoveryPlan)));
  if (outcome.decision === "dry-run") return EXIT.ok;
  out.report(renderPasswordRecoveryResult(outcome.result));
  out.info(`action log: ${opts.actionLog}`);
  return outcome.result.result === "failed" ? EXIT.findings : EXIT.ok;
}
