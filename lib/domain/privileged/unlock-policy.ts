// Unlocks an S3 bucket or SQS queue whose policy locks everyone out: show it, back it up, delete
// it, confirm it is gone; or put a backed-up policy back. Root sessions are opened per step, so
// none is held while a person reads the plan (they last 15 minutes).
import { UNLOCK_TASK_POLICY } from "../../aws-constants";
import { AwsError } from "../../errors";
import { errorInfo } from "../credentials";
import { ActionLogPort, BackupStorePort, Confirm, ErrorInfo, PolicyBackup, PolicyTarget, RootSessionCalls } from "../ports";
import { checkBackup, targetName } from "./policy-backup";
import { gate, logged, preflight, PrivilegedDeps, UndoneStep } from "./preflight";

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
  /** `backupFile`: the policy that was there before the restore. */
  | { readonly result: "restored"; readonly backupFile?: string }
  /** Stopped (deps.signal) after the confirmation, before the change was sent. */
  | { readonly result: "stopped"; readonly backupFile?: string }
  | { readonly result: "failed"; readonly backupFile?: string; readonly error: ErrorInfo };

export type UnlockOutcome =
  | { readonly decision: "dry-run"; readonly plan: UnlockPlan }
  | { readonly decision: "done"; readonly plan: UnlockPlan; readonly result: UnlockResult; readonly undone?: UndoneStep[] };

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
    const action = `restore-${target.kind}`;
    if (deps.signal?.aborted) return stopped(plan, [{ accountId, action, target: where }]);
    let backupFile: string | undefined;
    try {
      // The policy there now is kept first, with the same rules as the unlock's backup.
      if (policy !== undefined) backupFile = saveBackup(deps, log, accountId, target, policy);
      if (deps.signal?.aborted) return stopped(plan, [{ accountId, action, target: where }], backupFile);
      await logged(
        log,
        { account: accountId, taskPolicy, action, target: where },
        () =>
          inSession(async (s) => {
            await s.putResourcePolicy(target, backup.policy);
            await waitFor(
              deps,
              target,
              s,
              (p) => p !== undefined,
              () => new AwsError("PolicyMissing", `the policy of ${where} is not there after restoring it`, "verify"),
            );
          }),
        () => "restored",
      );
      return { decision: "done", plan, result: { result: "restored", ...(backupFile ? { backupFile } : {}) } };
    } catch (err) {
      return { decision: "done", plan, result: { result: "failed", backupFile, error: errorInfo(err) } };
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
  const action = `delete-${target.kind}`;
  if (deps.signal?.aborted) return stopped(plan, [{ accountId, action, target: where }]);
  let backupFile: string;
  try {
    backupFile = saveBackup(deps, log, accountId, target, policy);
  } catch (err) {
    return { decision: "done", plan, result: { result: "failed", error: errorInfo(err) } };
  }
  if (deps.signal?.aborted) return stopped(plan, [{ accountId, action, target: where }], backupFile);
  try {
    await logged(
      log,
      { account: accountId, taskPolicy, action, target: where },
      () =>
        inSession(async (s) => {
          await s.deleteResourcePolicy(target);
          await waitFor(
            deps,
            target,
            s,
            (p) => p === undefined,
            () => new AwsError("PolicyStillPresent", `the policy of ${where} is still there after deleting it`, "verify"),
          );
        }),
      () => "removed",
    );
    return { decision: "done", plan, result: { result: "removed", backupFile } };
  } catch (err) {
    return { decision: "done", plan, result: { result: "failed", backupFile, error: errorInfo(err) } };
  }
}

function stopped(plan: UnlockPlan, undone: UndoneStep[], backupFile?: string): UnlockOutcome {
  return { decision: "done", plan, result: { result: "stopped", ...(backupFile ? { backupFile } : {}) }, undone };
}

/** Saves the policy as a new backup file, logged before and after (a backup that fails stops the run with its reason logged). */
function saveBackup(deps: UnlockDeps, log: ActionLogPort, accountId: string, target: PolicyTarget, policy: string): string {
  const entry = { account: accountId, taskPolicy: UNLOCK_TASK_POLICY[target.kind], action: `backup-${target.kind}`, target: targetName(target) };
  const now = deps.now?.() ?? new Date();
  log.write({ ...entry, result: "attempt" });
  try {
    const file = deps.backups.save({
      kind: target.kind,
      accountId,
      ...(target.kind === "s3-bucket-policy" ? { bucket: target.bucket } : { queueUrl: target.queueUrl }),
      savedAt: now.toISOString(),
      policy,
    });
    log.write({ ...entry, result: file });
    return file;
  } catch (err) {
    log.write({ ...entry, result: "failed", error: errorInfo(err) });
    throw err;
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
