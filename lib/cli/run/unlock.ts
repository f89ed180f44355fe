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
import { renderUndone, renderUnlockPlan, renderUnlockResult } from "../render/privileged";

export async function run(opts: UnlockOptions, target: PolicyTarget): CommandResult {
  const out = processOutput(!opts.color);
  const [accountId] = opts.account;
  const backups = backupFiles(opts.backupDir);
  const { value: outcome, stopped } = await withPrivilegedDeps(
    opts,
    out,
    (deps) =>
      unlockPolicy(
        { ...deps, backups },
        { accountId, target, restoreFrom: opts.restore },
        terminalConfirm(out, opts, (plan) => renderUnlockPlan(plan, opts.backupDir)),
      ),
    // The backup folder is checked (and created) before any AWS call: a backup that cannot be
    // written must not be found out after the confirmation.
    () => backups.prepare(),
  );
  if (outcome.decision === "dry-run") return EXIT.ok;
  out.report(renderUnlockResult(outcome.plan, outcome.result));
  for (const line of renderUndone(outcome.undone ?? [])) out.info(line);
  if (outcome.result.result === "no policy") return stopped ?? EXIT.ok;
  out.info(`action log: ${opts.actionLog}`);
  return stopped ?? (outcome.result.result === "failed" || outcome.result.result === "stopped" ? EXIT.findings : EXIT.ok);
}
