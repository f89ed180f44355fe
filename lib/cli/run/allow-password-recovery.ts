import { allowPasswordRecovery } from "../../domain/privileged/allow-password-recovery";
import { CommandResult } from "../command";
import { terminalConfirm } from "../confirm";
import { EXIT } from "../exit-codes";
import { processOutput } from "../output";
import type { PrivilegedOptions } from "../privileged-command";
import { withPrivilegedDeps } from "./privileged-deps";
import { renderPasswordRecoveryPlan, renderPasswordRecoveryResult, renderUndone } from "../render/privileged";

export async function run(opts: PrivilegedOptions): CommandResult {
  const out = processOutput(!opts.color);
  const [accountId] = opts.account;
  const { value: outcome, stopped } = await withPrivilegedDeps(opts, out, (deps) =>
    allowPasswordRecovery(deps, accountId, terminalConfirm(out, opts, renderPasswordRecoveryPlan)),
  );
  if (outcome.decision === "dry-run") return EXIT.ok;
  if (outcome.decision === "stopped") {
    for (const line of renderUndone(outcome.undone)) out.info(line);
    out.info(`stopped before anything was changed; action log: ${opts.actionLog}`);
    return stopped ?? EXIT.findings;
  }
  out.report(renderPasswordRecoveryResult(outcome.result));
  out.info(`action log: ${opts.actionLog}`);
  return stopped ?? (outcome.result.result === "failed" ? EXIT.findings : EXIT.ok);
}
