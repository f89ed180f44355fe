// The policy backup file: its schema (field names are a contract) and the check that a backup
// belongs to the bucket or queue it is put back on.
import { z } from "zod";
import { POLICY_TARGET_KINDS } from "../../aws-constants";
import { badBackup } from "../../errors";
import { RULES } from "../../validations";
import { PolicyBackup, PolicyTarget } from "../ports";

const backupSchema = z.strictObject({
  kind: z.enum(POLICY_TARGET_KINDS),
  accountId: z.string().regex(RULES.accountId.pattern),
  bucket: z.string().regex(RULES.bucketName.pattern).optional(),
  queueUrl: z.string().regex(RULES.queueUrl.pattern).optional(),
  savedAt: z.iso.datetime({ offset: true }),
  policy: z.string().min(1),
});

/** "bucket B" or "queue URL", for messages. */
export function targetName(t: PolicyTarget): string {
  return t.kind === "s3-bucket-policy" ? `bucket ${t.bucket}` : `queue ${t.queueUrl}`;
}

/** The account and the bucket or queue a backup was taken from (for `--restore FILE` alone); refuses with one line. */
export function backupTarget(data: unknown, file: string): { readonly accountId: string; readonly target: PolicyTarget } {
  const parsed = backupSchema.safeParse(data);
  if (!parsed.success) throw badBackup(`${file}: not a policy backup written by root-access`);
  const b = parsed.data;
  if (b.kind === "s3-bucket-policy" && b.bucket !== undefined) return { accountId: b.accountId, target: { kind: b.kind, bucket: b.bucket } };
  if (b.kind === "sqs-queue-policy" && b.queueUrl !== undefined) return { accountId: b.accountId, target: { kind: b.kind, queueUrl: b.queueUrl } };
  throw badBackup(`${file}: the backup names no ${b.kind === "s3-bucket-policy" ? "bucket" : "queue URL"}`);
}

/** Validates a backup's content and that it is for this target in this account; refuses with one line. */
export function checkBackup(data: unknown, file: string, target: PolicyTarget, accountId: string): PolicyBackup {
  const parsed = backupSchema.safeParse(data);
  if (!parsed.success) {
    const savedAt = (data as { savedAt?: unknown } | null)?.savedAt;
    if (parsed.error.issues.every((i) => i.path[0] === "savedAt") && typeof savedAt === "string")
      throw badBackup(`${file}: savedAt ${JSON.stringify(savedAt.slice(0, 60))} is not a date; expected an ISO 8601 time such as 2026-11-29T00:00:00.000Z`);
    throw badBackup(`${file}: not a policy backup written by root-access`);
  }
  const b = parsed.data;
  const same =
    b.kind === target.kind && b.accountId === accountId && (target.kind === "s3-bucket-policy" ? b.bucket === target.bucket : b.queueUrl === target.queueUrl);
  if (!same)
    throw badBackup(`${file}: the backup is for ${b.kind} of ${b.bucket ?? b.queueUrl} in ${b.accountId}, not for ${targetName(target)} in ${accountId}`);
  return b;
}
