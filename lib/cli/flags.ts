// Parsers of flag values: each refuses with the validation rule's own message (lib/validations.ts).
import { InvalidArgumentError } from "commander";
import { CREDENTIAL_KINDS, CredentialKind, TASK_POLICIES, TaskPolicy, unsupportedRegion } from "../aws-constants";
import { invalidMessage, isValid, RULES } from "../validations";

/** Comma-separated account IDs, each 12 digits; duplicates dropped. */
export function parseAccountIds(value: string): string[] {
  const ids = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  // Every invalid ID at once, so one correction fixes the list.
  const bad = ids.filter((id) => !isValid("accountId", id));
  if (ids.length === 0) throw new InvalidArgumentError(`${invalidMessage("accountId", value)} (comma-separated for several)`);
  if (bad.length === 1) throw new InvalidArgumentError(`${invalidMessage("accountId", bad[0])} (comma-separated for several)`);
  if (bad.length > 1)
    throw new InvalidArgumentError(`${bad.map((id) => JSON.stringify(id)).join(", ")} are not AWS account IDs; expected 12 digits each (comma-separated)`);
  return [...new Set(ids)];
}

export function parseOneAccount(value: string): string[] {
  const ids = parseAccountIds(value);
  if (ids.length !== 1) throw new InvalidArgumentError("expected one account ID");
  return ids;
}

export function parseWholeNumber(min: number, max: number): (value: string) => number {
  return (value) => {
    // Digits only: Number() would also take "0x10", "1e1" and " 5 ".
    const n = /^\d{1,9}$/.test(value) ? Number(value) : NaN;
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    return n;
  };
}

/** --region: not empty (an empty value would silently fall back to AWS_REGION). */
export function parseParentId(value: string): string {
  if (!isValid("organizationParent", value)) throw new InvalidArgumentError(`expected ${RULES.organizationParent.allowed}`);
  return value;
}

export function parseKinds(value: string): CredentialKind[] {
  const kinds = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = kinds.find((k) => !(CREDENTIAL_KINDS as readonly string[]).includes(k));
  if (kinds.length === 0 || bad !== undefined) {
    throw new InvalidArgumentError(`${JSON.stringify(bad ?? value)} is not a credential kind; expected ${CREDENTIAL_KINDS.join(", ")} (comma-separated)`);
  }
  return [...new Set(kinds)] as CredentialKind[];
}

export function parseBucket(value: string): string {
  if (!isValid("bucketName", value)) throw new InvalidArgumentError(`expected ${RULES.bucketName.what} (${RULES.bucketName.allowed})`);
  return value;
}

export function parseQueueUrl(value: string): string {
  if (!isValid("queueUrl", value)) throw new InvalidArgumentError(`expected ${RULES.queueUrl.allowed}`);
  return value;
}

/** Comma-separated task policy names (the five AWS-managed ones); duplicates dropped. */
export function parseTaskPolicies(value: string): TaskPolicy[] {
  const tasks = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = tasks.find((t) => !(TASK_POLICIES as readonly string[]).includes(t));
  if (tasks.length === 0 || bad !== undefined) {
    throw new InvalidArgumentError(`${JSON.stringify(bad ?? value)} is not a task policy; expected ${TASK_POLICIES.join(", ")} (comma-separated)`);
  }
  return [...new Set(tasks)] as TaskPolicy[];
}

/** --region: the config's rule for `region` (a region code; not the China or isolated partitions). */
export function parseRegion(value: string): string {
  if (value.trim() === "") throw new InvalidArgumentError("expected a region name, e.g. us-east-1");
  if (!isValid("region", value)) throw new InvalidArgumentError(invalidMessage("region", value));
  const unsupported = unsupportedRegion(value);
  if (unsupported) throw new InvalidArgumentError(unsupported);
  return value;
}
