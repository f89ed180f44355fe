// Unlocks an S3 bucket or SQS queue whose policy locks everyone out: show it, back it up, delete
// it, confirm it is gone; or put a backed-up policy back. Root sessions are opened per step, so
// none is held while a person reads the plan (they last 15 minutes).
import { UNLOCK_TASK_POLICY } from "../../aws-constants";
import { AwsError } from "../../errors";
import { errorInfo } from "../credentials";
import { BackupStorePort, Confirm, ErrorInfo, PolicyBackup, PolicyTarget, RootSessionCalls } from "../ports";
import { checkBackup, targetName } from "./policy-backup";
import { gate, preflight, PrivilegedDeps } from "./preflight";

/** SetQueueAttributes can take up to 60 seconds to show (SQS API Reference); S3 policies read back at once. */
export const SQS_PROPAGATION_SECONDS = 60;

export interface UnlockInput {
  readonly accountId: string;
  readonly target: PolicyTarget;
  /** A backup file to put back instead of unlocking. */
  readonly restoreFrom?: string;
}

export interface UnlockDeps extends PrivilegedDeps {
  readonly backups: BackupStorePort & {
    /** The parsed content of a backup file; throws BadBackup when it cannot be read. */
    read(file: string): unknown;
  };
  readonly now?: () => Date;
}

export type UnlockPlan =
  | { readonly kind: "unlock"; readonly accountId: string; readonly target: PolicyTarget; readonly policy: string }
  | {
      readonly kind: "restore";
      readonly accountId: string;
      readonly target: PolicyTarget;
      readonly policy?: string;
      readonly backup: PolicyBackup;
      readonly file: string;
    }
  | { readonly kind: "nothing"; readonly accountId: string; readonly target: PolicyTarget };

export type UnlockResult =
  | { readonly result: "removed"; readonly backupFile: string }
  | { readonly result: "no policy" }
  | { readonly result: "restored" }
  | { readonly result: "failed"; readonly backupFile?: string; readonly error: ErrorInfo };

export type UnlockOutcome =
  { readonly decision: "dry-run"; readonly plan: UnlockPlan } | { readonly decision: "done"; readonly plan: UnlockPlan; readonly result: UnlockResult };

export async function unlockPolicy(deps: UnlockDeps, input: UnlockInput, confirm: Confirm<UnlockPlan>): Promise<UnlockOutcome> {
  const { accountId, target } = input;
  // A bad backup is refused before anything else happens.
  const backup = input.restoreFrom ? checkBackup(deps.backups.read(input.restoreFrom), input.restoreFrom, target, accountId) : undefined;
  const { caller } = await preflight(deps.organizations, [accountId]);
  const log = deps.actionLog(caller);
  const taskPolicy = UNLOCK_TASK_POLICY[target.kind];
  const where = targetName(target);
  const inSession = <T>(fn: (s: RootSessionCalls) => Promise<T>) => deps.rootSessions.withRootSession(accountId, taskPolicy, fn);
  const policy = await inSession((s) => s.getResourcePolicy(target));

  if (backup && input.restoreFrom) {
    const plan: UnlockPlan = { kind: "restore", accountId, target, policy, backup, file: input.restoreFrom };
    confirm.show(plan);
    if (!(await gate(confirm, log, `Restore this policy on ${where}?`, [accountId]))) return { decision: "dry-run", plan };
    try {
      await inSession(async (s) => {
        await s.putResourcePolicy(target, backup.policy);
        await waitFor(
          deps,
          target,
          s,
          (p) => p !== undefined,
          () => new AwsError("PolicyMissing", `the policy of ${where} is not there after restoring it`, "verify"),
        );
      });
      log.write({ account: accountId, taskPolicy, action: `restore-${target.kind}`, target: where, result: "restored" });
      return { decision: "done", plan, result: { result: "restored" } };
    } catch (err) {
      const error = errorInfo(err);
      log.write({ account: accountId, taskPolicy, action: `restore-${target.kind}`, target: where, result: "failed", error });
      return { decision: "done", plan, result: { result: "failed", error } };
    }
  }

  if (policy === undefined) {
    const plan: UnlockPlan = { kind: "nothing", accountId, target };
    confirm.show(plan);
    log.write({ account: accountId, taskPolicy, action: `delete-${target.kind}`, target: where, result: "no policy" });
    return { decision: "done", plan, result: { result: "no policy" } };
  }

  const plan: UnlockPlan = { kind: "unlock", accountId, target, policy };
  confirm.show(plan);
  if (!(await gate(confirm, log, `Delete the policy of ${where}?`, [accountId]))) return { decision: "dry-run", plan };
  const now = deps.now?.() ?? new Date();
  const backupFile = deps.backups.save({
    kind: target.kind,
    accountId,
    ...(target.kind === "s3-bucket-policy" ? { bucket: target.bucket } : { queueUrl: target.queueUrl }),
    savedAt: now.toISOString(),
    policy,
  });
  log.write({ account: accountId, taskPolicy, action: `backup-${target.kind}`, target: where, result: backupFile });
  try {
    await inSession(async (s) => {
      await s.deleteResourcePolicy(target);
      await waitFor(
        deps,
        target,
        s,
        (p) => p === undefined,
        () => new AwsError("PolicyStillPresent", `the policy of ${where} is still there after deleting it`, "verify"),
      );
    });
    log.write({ account: accountId, taskPolicy, action: `delete-${target.kind}`, target: where, result: "removed" });
    return { decision: "done", plan, result: { result: "removed", backupFile } };
  } catch (err) {
    const error = errorInfo(err);
    log.write({ account: accountId, taskPolicy, action: `delete-${target.kind}`, target: where, result: "failed", error });
    return { decision: "done", plan, result: { result: "failed", backupFile, error } };
  }
}

/**
 * Reads the policy back until `done` holds. S3 is read once; SQS is polled with backoff (1 s,
 * 2 s, 4 s, ... at most 10 s apart) for up to SQS_PROPAGATION_SECONDS, as a change takes that long to show.
 */
async function waitFor(
  deps: UnlockDeps,
  target: PolicyTarget,
  session: RootSessionCalls,
  done: (policy: string | undefined) => boolean,
  failure: () => Error,
): Promise<void> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let waited = 0;
  for (let delay = 1000; ; delay = Math.min(delay * 2, 10_000)) {
    if (done(await session.getResourcePolicy(target))) return;
    if (target.kind === "s3-bucket-policy" || waited >= SQS_PROPAGATION_SECONDS * 1000) throw failure();
    const step = Math.min(delay, SQS_PROPAGATION_SECONDS * 1000 - waited);
    await sleep(step);
    waited += step;
  }
}
