// Runs one of the two unlock commands: the same workflow for a bucket or a queue.
import type { PolicyTarget, PolicyTargetKind } from "../../domain/ports";
import { backupTarget } from "../../domain/privileged/policy-backup";
import { badBackup, usageError } from "../../errors";
import { unlockPolicy } from "../../domain/privileged/unlock-policy";
import { CommandResult } from "../command";
import { terminalConfirm } from "../confirm";
import { EXIT } from "../exit-codes";
import { BackupFiles, backupFiles } from "../io/backup-files";
import { processOutput } from "../output";
import type { UnlockOptions } from "../privileged-command";
import { withPrivilegedDeps } from "./privileged-deps";
import { renderUndone, renderUnlockPlan, renderUnlockResult } from "../render/privileged";

const FLAG: Record<PolicyTargetKind, { flag: string; command: string }> = {
  "s3-bucket-policy": { flag: "--bucket <name>", command: "unlock-s3-bucket-policy" },
  "sqs-queue-policy": { flag: "--queue-url <url>", command: "unlock-sqs-queue-policy" },
};

const targetOf = (kind: PolicyTargetKind, named: string): PolicyTarget => (kind === "s3-bucket-policy" ? { kind, bucket: named } : { kind, queueUrl: named });

/**
 * The account and target from the flags, or, with --restore, from the backup file for what the flags
 * leave out (the workflow then checks the file against both). Refused before any AWS call.
 */
export function resolveTarget(
  opts: UnlockOptions,
  kind: PolicyTargetKind,
  named: string | undefined,
  backups: Pick<BackupFiles, "read">,
): { accountId: string; target: PolicyTarget } {
  const fromFile = opts.restore === undefined ? undefined : backupTarget(backups.read(opts.restore), opts.restore);
  if (fromFile && fromFile.target.kind !== kind) {
    throw badBackup(`${opts.restore}: the backup is a ${fromFile.target.kind} backup: restore it with ${FLAG[fromFile.target.kind].command}`);
  }
  const accountId = opts.account?.[0] ?? fromFile?.accountId;
  if (accountId === undefined) throw usageError("required option '--account <id>' not specified (or --restore FILE, which names it)");
  const target = named !== undefined ? targetOf(kind, named) : fromFile?.target;
  if (target === undefined) throw usageError(`required option '${FLAG[kind].flag}' not specified (or --restore FILE, which names it)`);
  if (target.kind === "sqs-queue-policy") {
    const queueAccount = target.queueUrl.split("/")[3];
    if (queueAccount !== accountId) throw usageError(`the queue ${target.queueUrl} is in account ${queueAccount}, not in --account ${accountId}`);
  }
  return { accountId, target };
}

export async function run(opts: UnlockOptions, kind: PolicyTargetKind, named: string | undefined): CommandResult {
  const out = processOutput(!opts.color);
  const backups = backupFiles(opts.backupDir);
  const { accountId, target } = resolveTarget(opts, kind, named, backups);
  const { value: outcome, stopped } = await withPrivilegedDeps(
    { ...opts, account: [accountId] },
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
