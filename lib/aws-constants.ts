// Names AWS defines for centralized root access; every union type in the project derives from these lists.

/** IAM organization features for centralized root access. */
export const FEATURES = ["RootCredentialsManagement", "RootSessions"] as const;
/** One IAM organization feature for centralized root access. */
export type Feature = (typeof FEATURES)[number];

/** The five AWS-managed task policies a root session (sts:AssumeRoot) can be scoped to. */
export const TASK_POLICIES = [
  "IAMAuditRootUserCredentials",
  "IAMDeleteRootUserCredentials",
  "IAMCreateRootUserPassword",
  "S3UnlockBucketPolicy",
  "SQSUnlockQueuePolicy",
] as const;
/** One of the five AWS-managed task policies. */
export type TaskPolicy = (typeof TASK_POLICIES)[number];

/** AWS partitions: every ARN names one, and an ARN of the wrong partition matches nothing (a deny that denies nothing). */
export const PARTITIONS = ["aws", "aws-us-gov", "aws-cn"] as const;
/** An AWS partition. */
export type Partition = (typeof PARTITIONS)[number];

/** The partition of a region: us-gov-* is aws-us-gov, cn-* is aws-cn, the rest aws; undefined for others (ISO regions). */
export function partitionOf(region: string): Partition | undefined {
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  if (region.startsWith("cn-")) return "aws-cn";
  if (/^[a-z]{2}-(iso|isob|isof|isoe)-/.test(region) || region.includes("-iso")) return undefined;
  return "aws";
}

/**
 * Why a region cannot be used, or undefined when centralized root access is offered there. The
 * China Regions have no root user to manage (AWS China documentation: IAM in "Getting Started with
 * Amazon Web Services in China"); the ISO partitions are not documented for it.
 */
export function unsupportedRegion(region: string): string | undefined {
  const partition = partitionOf(region);
  if (partition === "aws-cn") {
    return `${region} is in the AWS China partition (aws-cn): its accounts have no root user for centralized root access to manage (AWS China documentation, IAM in "Getting Started with Amazon Web Services in China"); use a region of the aws or aws-us-gov partition`;
  }
  if (partition === undefined)
    return `${region} is in an isolated AWS partition, where centralized root access is not documented; use a region of the aws or aws-us-gov partition`;
  return undefined;
}

/** The ARN of a task policy, in the partition of the organization. */
export function taskPolicyArn(policy: TaskPolicy, partition: Partition = "aws"): string {
  return `arn:${partition}:iam::aws:policy/root-task/${policy}`;
}

/** How a stack gets IAM trusted access in the organization. */
export const TRUSTED_ACCESS_MODES = ["service-access", "organization", "external"] as const;
/** How a stack gets IAM trusted access. */
export type TrustedAccessMode = (typeof TRUSTED_ACCESS_MODES)[number];

/** Kinds of root-user credentials a member account can hold. */
export const CREDENTIAL_KINDS = ["login-profile", "access-keys", "mfa-devices", "signing-certificates"] as const;
/** A kind of root-user credential. */
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

/** Where an operator role is created: the management account or the IAM delegated administrator. */
export const OPERATOR_ROLE_LOCATIONS = ["management", "delegated-administrator"] as const;
/** The account an operator role is created in. */
export type OperatorRoleLocation = (typeof OPERATOR_ROLE_LOCATIONS)[number];

/** Resource policies a root session can unlock, and the task policy that does it. */
export const POLICY_TARGET_KINDS = ["s3-bucket-policy", "sqs-queue-policy"] as const;
/** A resource policy a root session can unlock. */
export type PolicyTargetKind = (typeof POLICY_TARGET_KINDS)[number];
/**
 * The task policy of each command's root sessions: the one table that the domain workflows, the
 * operations table (`COMMAND_OPERATIONS` in lib/permissions.ts) and so the operator roles read, so
 * a role always matches the commands it is meant to run.
 */
export const COMMAND_TASK_POLICY = {
  audit: "IAMAuditRootUserCredentials",
  "delete-root-credentials": "IAMDeleteRootUserCredentials",
  // The plan audits (and reads each key's last use); the apply deletes.
  "remediate plan": "IAMAuditRootUserCredentials",
  "remediate apply": "IAMDeleteRootUserCredentials",
  "allow-password-recovery": "IAMCreateRootUserPassword",
  "unlock-s3-bucket-policy": "S3UnlockBucketPolicy",
  "unlock-sqs-queue-policy": "SQSUnlockQueuePolicy",
} as const satisfies Record<string, TaskPolicy>;
/** A command that opens root sessions. */
export type RootSessionCommand = keyof typeof COMMAND_TASK_POLICY;

/** The task policy that unlocks each kind of resource policy. */
export const UNLOCK_TASK_POLICY: Record<PolicyTargetKind, TaskPolicy> = {
  "s3-bucket-policy": COMMAND_TASK_POLICY["unlock-s3-bucket-policy"],
  "sqs-queue-policy": COMMAND_TASK_POLICY["unlock-sqs-queue-policy"],
};

/** The service principal of IAM, whose trusted access centralized root access needs. */
export const IAM_SERVICE_PRINCIPAL = "iam.amazonaws.com";

/** Root-session tasks are at most 15 minutes long. */
export const MAX_ROOT_SESSION_SECONDS = 900;

/** Lists values as "A, B or C" for messages. */
export function oneOf(values: readonly string[]): string {
  if (values.length <= 1) return values.join("");
  return `${values.slice(0, -1).join(", ")} or ${values[values.length - 1]}`;
}
