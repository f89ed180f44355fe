// Runs one of the two unlock commands: the same workflow for a bucket or a queue.
import type { PolicyTarget } from "../../domain/ports";
import { unlockPolicy } from "../../domain/privileged/unlock-policy";
import { CommandResult } from "../command";
import { terminalConfirm } from "../confirm";
import { EXIT } from "../exit-codes";
import { backupFiles } from "../io/backup-files";
import { processOutput } from "../output";
import type { UnlockOptions } from "../privileged-command";
import { withPrivilegedDeps } from "./privileged-deps";
import { renderUnlockPlan, renderUnlockResult } from "../render/privileged";

export async function run(opts: UnlockOptions, target: PolicyTarget): CommandResult {
  const out = processOutput(!opts.color);
  const [accountId] = opts.account;
  const outcome = await withPrivilegedDeps(opts, out, (deps) =>
    unlockPolicy(
      { ...deps, backups: backupFiles(opts.backupDir) },
      { accountId, target, restoreFrom: opts.restore },
      terminalConfirm(out, opts, (plan) => renderUnlockPlan(plan, opts.backupDir)),
    ),
  );
  if (outcome.decision === "dry-run") return EXIT.ok;
  out.report(renderUnlockResult(outcome.plan, outcome.result));
  if (outcome.result.result === "no policy") return EXIT.ok;
  out.info(`action log: ${opts.actionLog}`);
  return outcome.result.result === "failed" ? EXIT.findings : EXIT.ok;
}
