// Unlocks an S3 bucket or SQS queue whose policy locks everyone out: show it, back it up, delete
// it, confirm it is gone; or put a backed-up policy back. One root session per account and task.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { TaskPolicy } from "../../aws-constants";
import { AwsError, toAwsError } from "../../aws/aws-error";
import { deleteBucketPolicy, getBucketPolicy, getQueuePolicy, putBucketPolicy, queueUrlRegion, setQueuePolicy } from "../../aws/resource-policy-api";
import { RootSession, RootSessionOpener } from "../../aws/root-session";
import { UserError } from "../../errors";
import { ActionLog } from "./action-log";

export type PolicyTarget = { readonly kind: "s3-bucket-policy"; readonly bucket: string } | { readonly kind: "sqs-queue-policy"; readonly queueUrl: string };

export const UNLOCK_TASK_POLICY: Record<PolicyTarget["kind"], TaskPolicy> = {
  "s3-bucket-policy": "S3UnlockBucketPolicy",
  "sqs-queue-policy": "SQSUnlockQueuePolicy",
};

export function targetName(t: PolicyTarget): string {
  return t.kind === "s3-bucket-policy" ? `bucket ${t.bucket}` : `queue ${t.queueUrl}`;
}

/** The policy of one bucket or queue, through the session's client. */
interface PolicyStore {
  get(): Promise<string | undefined>;
  remove(): Promise<void>;
  put(policy: string): Promise<void>;
  destroy(): void;
}

function store(session: RootSession, target: PolicyTarget): PolicyStore {
  if (target.kind === "s3-bucket-policy") {
    const s3 = session.s3();
    return { get: () => getBucketPolicy(s3, target.bucket), remove: () => deleteBucketPolicy(s3, target.bucket), put: (p) => putBucketPolicy(s3, target.bucket, p), destroy: () => s3.destroy() };
  }
  const sqs = session.sqs(queueUrlRegion(target.queueUrl));
  return { get: () => getQueuePolicy(sqs, target.queueUrl), remove: () => setQueuePolicy(sqs, target.queueUrl, ""), put: (p) => setQueuePolicy(sqs, target.queueUrl, p), destroy: () => sqs.destroy() };
}

/** An open unlock session with the policy as it is now; pass it on to unlock or restore. */
export interface PolicyInspection {
  readonly accountId: string;
  readonly target: PolicyTarget;
  /** The current policy; undefined when there is none. */
  readonly policy?: string;
  readonly store: PolicyStore;
}

export async function inspectPolicy(rootSessions: RootSessionOpener, accountId: string, target: PolicyTarget): Promise<PolicyInspection> {
  const session = await rootSessions.open(accountId, UNLOCK_TASK_POLICY[target.kind]);
  const s = store(session, target);
  try {
    return { accountId, target, policy: await s.get(), store: s };
  } catch (err) {
    s.destroy();
    throw toAwsError(err, target.kind === "s3-bucket-policy" ? "s3:GetBucketPolicy" : "sqs:GetQueueAttributes");
  }
}

export type UnlockResult =
  | { readonly result: "removed"; readonly backupFile: string }
  | { readonly result: "no policy" }
  | { readonly result: "failed"; readonly backupFile?: string; readonly error: { code: string; message: string } };

const backupSchema = z.strictObject({
  kind: z.enum(["s3-bucket-policy", "sqs-queue-policy"]),
  accountId: z.string().regex(/^\d{12}$/),
  bucket: z.string().optional(),
  queueUrl: z.string().optional(),
  savedAt: z.string(),
  policy: z.string().min(1),
});
export type PolicyBackup = z.output<typeof backupSchema>;

/** Saves the policy to a new file (mode 0600, never overwriting) and returns its path. */
export function writeBackup(dir: string, inspection: PolicyInspection, now = new Date()): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const t = inspection.target;
  const name = t.kind === "s3-bucket-policy" ? t.bucket : (t.queueUrl.split("/").pop() ?? "queue");
  const file = join(dir, `${t.kind}-${inspection.accountId}-${name.replace(/[^\w.-]/g, "_")}-${now.toISOString().replace(/[:.]/g, "-")}.json`);
  const backup: PolicyBackup = { kind: t.kind, accountId: inspection.accountId, ...(t.kind === "s3-bucket-policy" ? { bucket: t.bucket } : { queueUrl: t.queueUrl }), savedAt: now.toISOString(), policy: inspection.policy ?? "" };
  writeFileSync(file, `${JSON.stringify(backup, null, 2)}\n`, { flag: "wx", mode: 0o600 });
  return file;
}

export function readBackup(file: string, target: PolicyTarget, accountId: string): PolicyBackup {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new UserError("BadBackup", `${file}: cannot read the backup: ${(err as Error).message}`);
  }
  const parsed = backupSchema.safeParse(data);
  if (!parsed.success) throw new UserError("BadBackup", `${file}: not a policy backup written by root-access`);
  const b = parsed.data;
  const same = b.kind === target.kind && b.accountId === accountId && (target.kind === "s3-bucket-policy" ? b.bucket === target.bucket : b.queueUrl === target.queueUrl);
  if (!same) throw new UserError("BadBackup", `${file}: the backup is for ${b.kind} of ${b.bucket ?? b.queueUrl} in ${b.accountId}, not for ${targetName(target)} in ${accountId}`);
  return b;
}

function failure(err: unknown, operation: string) {
  const e = err instanceof AwsError ? err : toAwsError(err, operation);
  return { code: e.code, message: e.message };
}

/** Backs up, deletes, and confirms the policy is gone. */
export async function unlockPolicy(inspection: PolicyInspection, backupDir: string, log: ActionLog): Promise<UnlockResult> {
  const { accountId, target, store: s } = inspection;
  const taskPolicy = UNLOCK_TASK_POLICY[target.kind];
  const where = targetName(target);
  if (inspection.policy === undefined) {
    log.write({ account: accountId, taskPolicy, action: `delete-${target.kind}`, target: where, result: "no policy" });
    return { result: "no policy" };
  }
  const backupFile = writeBackup(backupDir, inspection);
  log.write({ account: accountId, taskPolicy, action: `backup-${target.kind}`, target: where, result: backupFile });
  try {
    await s.remove();
    if ((await s.get()) !== undefined) throw new AwsError("PolicyStillPresent", `the policy of ${where} is still there after deleting it`, "verify");
    log.write({ account: accountId, taskPolicy, action: `delete-${target.kind}`, target: where, result: "removed" });
    return { result: "removed", backupFile };
  } catch (err) {
    const error = failure(err, `delete-${target.kind}`);
    log.write({ account: accountId, taskPolicy, action: `delete-${target.kind}`, target: where, result: "failed", error });
    return { result: "failed", backupFile, error };
  }
}

export type RestoreResult = { readonly result: "restored" } | { readonly result: "failed"; readonly error: { code: string; message: string } };

/** Puts a backed-up policy back and confirms it is in place. */
export async function restorePolicy(inspection: PolicyInspection, backup: PolicyBackup, log: ActionLog): Promise<RestoreResult> {
  const { accountId, target, store: s } = inspection;
  const taskPolicy = UNLOCK_TASK_POLICY[target.kind];
  try {
    await s.put(backup.policy);
    if ((await s.get()) === undefined) throw new AwsError("PolicyMissing", `the policy of ${targetName(target)} is not there after restoring it`, "verify");
    log.write({ account: accountId, taskPolicy, action: `restore-${target.kind}`, target: targetName(target), result: "restored" });
    return { result: "restored" };
  } catch (err) {
    const error = failure(err, `restore-${target.kind}`);
    log.write({ account: accountId, taskPolicy, action: `restore-${target.kind}`, target: targetName(target), result: "failed", error });
    return { result: "failed", error };
  }
}
