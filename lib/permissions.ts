// The one table of every AWS operation the root-access CLI sends, and the IAM action each needs.
// Plain data shared by the AWS layer (which sends the calls), the guardrails construct (whose
// operator roles are generated from it) and the README's permission list; a test records every SDK
// call each command makes and fails on any operation missing here.
import { COMMAND_TASK_POLICY, TaskPolicy } from "./aws-constants";

/** Who must be allowed the action: the caller's identity policy, or the root session's task policy. */
export type Principal = "caller" | "root-session";

export interface OperationSpec {
  /** The IAM action checked by AWS; undefined when AWS checks none (sts:GetCallerIdentity). */
  readonly iamAction?: string;
  readonly principal: Principal;
}

/** Keyed by `<service>:<API operation>` as the SDK names the command (without "Command"). */
export const OPERATIONS = {
  "sts:GetCallerIdentity": { principal: "caller" },
  "sts:AssumeRoot": { iamAction: "sts:AssumeRoot", principal: "caller" },
  "organizations:DescribeOrganization": { iamAction: "organizations:DescribeOrganization", principal: "caller" },
  "organizations:DescribeAccount": { iamAction: "organizations:DescribeAccount", principal: "caller" },
  "organizations:ListAccounts": { iamAction: "organizations:ListAccounts", principal: "caller" },
  "organizations:ListAccountsForParent": { iamAction: "organizations:ListAccountsForParent", principal: "caller" },
  "organizations:ListOrganizationalUnitsForParent": { iamAction: "organizations:ListOrganizationalUnitsForParent", principal: "caller" },
  "organizations:ListAWSServiceAccessForOrganization": { iamAction: "organizations:ListAWSServiceAccessForOrganization", principal: "caller" },
  "organizations:ListDelegatedAdministrators": { iamAction: "organizations:ListDelegatedAdministrators", principal: "caller" },
  "organizations:ListRoots": { iamAction: "organizations:ListRoots", principal: "caller" },
  "organizations:ListPolicies": { iamAction: "organizations:ListPolicies", principal: "caller" },
  "organizations:DescribePolicy": { iamAction: "organizations:DescribePolicy", principal: "caller" },
  "organizations:ListTargetsForPolicy": { iamAction: "organizations:ListTargetsForPolicy", principal: "caller" },
  "organizations:ListPoliciesForTarget": { iamAction: "organizations:ListPoliciesForTarget", principal: "caller" },
  "organizations:ListParents": { iamAction: "organizations:ListParents", principal: "caller" },
  "iam:ListOrganizationsFeatures": { iamAction: "iam:ListOrganizationsFeatures", principal: "caller" },
  "iam:GetAccountSummary": { iamAction: "iam:GetAccountSummary", principal: "caller" },
  "cloudtrail:DescribeTrails": { iamAction: "cloudtrail:DescribeTrails", principal: "caller" },
  "cloudtrail:GetTrailStatus": { iamAction: "cloudtrail:GetTrailStatus", principal: "caller" },
  "cloudtrail:GetEventSelectors": { iamAction: "cloudtrail:GetEventSelectors", principal: "caller" },
  // Inside root sessions: allowed (or not) by the task policy, not by the caller's policies.
  "iam:GetLoginProfile": { iamAction: "iam:GetLoginProfile", principal: "root-session" },
  "iam:ListAccessKeys": { iamAction: "iam:ListAccessKeys", principal: "root-session" },
  "iam:ListMFADevices": { iamAction: "iam:ListMFADevices", principal: "root-session" },
  "iam:ListSigningCertificates": { iamAction: "iam:ListSigningCertificates", principal: "root-session" },
  "iam:GetAccessKeyLastUsed": { iamAction: "iam:GetAccessKeyLastUsed", principal: "root-session" },
  "iam:DeleteLoginProfile": { iamAction: "iam:DeleteLoginProfile", principal: "root-session" },
  "iam:DeleteAccessKey": { iamAction: "iam:DeleteAccessKey", principal: "root-session" },
  "iam:DeactivateMFADevice": { iamAction: "iam:DeactivateMFADevice", principal: "root-session" },
  "iam:DeleteVirtualMFADevice": { iamAction: "iam:DeleteVirtualMFADevice", principal: "root-session" },
  "iam:DeleteSigningCertificate": { iamAction: "iam:DeleteSigningCertificate", principal: "root-session" },
  "iam:CreateLoginProfile": { iamAction: "iam:CreateLoginProfile", principal: "root-session" },
  "s3:GetBucketPolicy": { iamAction: "s3:GetBucketPolicy", principal: "root-session" },
  "s3:DeleteBucketPolicy": { iamAction: "s3:DeleteBucketPolicy", principal: "root-session" },
  "s3:PutBucketPolicy": { iamAction: "s3:PutBucketPolicy", principal: "root-session" },
  "sqs:GetQueueAttributes": { iamAction: "sqs:GetQueueAttributes", principal: "root-session" },
  "sqs:SetQueueAttributes": { iamAction: "sqs:SetQueueAttributes", principal: "root-session" },
} as const satisfies Record<string, OperationSpec>;
/** An AWS operation the CLI sends, `<service>:<operation>`. */
export type Operation = keyof typeof OPERATIONS;

const READ_FEATURES: Operation[] = ["iam:ListOrganizationsFeatures"];
const DISCOVER: Operation[] = [
  "sts:GetCallerIdentity",
  "organizations:DescribeOrganization",
  "organizations:ListAWSServiceAccessForOrganization",
  "organizations:ListDelegatedAdministrators",
  "organizations:ListRoots",
  ...READ_FEATURES,
];
const AUDIT_READS: Operation[] = ["iam:GetLoginProfile", "iam:ListAccessKeys", "iam:ListMFADevices", "iam:ListSigningCertificates"];
/** What readiness reads once per run: the OU tree, the accounts under each parent, the SCPs and RCPs and where they are attached. */
export const POLICY_READS: Operation[] = [
  "organizations:ListRoots",
  "organizations:ListOrganizationalUnitsForParent",
  "organizations:ListAccountsForParent",
  "organizations:ListPolicies",
  "organizations:DescribePolicy",
  "organizations:ListTargetsForPolicy",
  "organizations:ListPoliciesForTarget",
];
/** What the prediction reads for a few named accounts: their paths, and the policies on each level. */
export const PATH_POLICY_READS: Operation[] = [
  "organizations:ListRoots",
  "organizations:ListParents",
  "organizations:ListPoliciesForTarget",
  "organizations:DescribePolicy",
];
const PRIVILEGED_PREFLIGHT: Operation[] = [
  "sts:GetCallerIdentity",
  "organizations:DescribeOrganization",
  "organizations:DescribeAccount",
  ...READ_FEATURES,
  ...PATH_POLICY_READS,
  "sts:AssumeRoot",
];

/** Every command that calls AWS, with the operations it may send and the task policies of its root sessions. */
export const COMMAND_OPERATIONS = {
  discover: { operations: DISCOVER, taskPolicies: [] },
  // With assumeRootAlerts configured, check also looks for a trail (the alerts need one); run as the
  // management account it reads that account's own root user (GetAccountSummary).
  check: {
    operations: [...DISCOVER, "cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus", "cloudtrail:GetEventSelectors", "iam:GetAccountSummary"],
    taskPolicies: [],
  },
  audit: {
    operations: [
      "sts:GetCallerIdentity",
      "organizations:DescribeOrganization",
      "organizations:ListAccounts",
      "organizations:ListAccountsForParent",
      "organizations:ListOrganizationalUnitsForParent",
      ...READ_FEATURES,
      // Audit predicts with the whole tree, or with the paths of the accounts named by --accounts.
      ...POLICY_READS,
      "organizations:ListParents",
      "sts:AssumeRoot",
      ...AUDIT_READS,
    ],
    taskPolicies: [COMMAND_TASK_POLICY.audit],
  },
  // Predicts root sessions without opening one: reads the organization's shape and policies.
  readiness: { operations: ["sts:GetCallerIdentity", "organizations:DescribeOrganization", ...POLICY_READS], taskPolicies: [] },
  "delete-root-credentials": {
    operations: [
      ...PRIVILEGED_PREFLIGHT,
      ...AUDIT_READS,
      "iam:DeleteLoginProfile",
      "iam:DeleteAccessKey",
      "iam:DeactivateMFADevice",
      "iam:DeleteVirtualMFADevice",
      "iam:DeleteSigningCertificate",
    ],
    // Plans, deletes and verifies with the delete task policy alone (it allows the audit reads).
    taskPolicies: [COMMAND_TASK_POLICY["delete-root-credentials"]],
  },
  // Reads only: the audit task policy allows every read, GetAccessKeyLastUsed included.
  "remediate plan": {
    operations: [
      "sts:GetCallerIdentity",
      "organizations:DescribeOrganization",
      "organizations:ListRoots",
      "organizations:ListAccountsForParent",
      "organizations:ListOrganizationalUnitsForParent",
      ...READ_FEATURES,
      // The readiness prediction for the delete task (the whole tree, or the named accounts' paths).
      ...POLICY_READS,
      "organizations:ListParents",
      "sts:AssumeRoot",
      ...AUDIT_READS,
      "iam:GetAccessKeyLastUsed",
    ],
    taskPolicies: [COMMAND_TASK_POLICY["remediate plan"]],
  },
  "remediate apply": {
    operations: [
      "sts:GetCallerIdentity",
      "organizations:DescribeOrganization",
      ...READ_FEATURES,
      "sts:AssumeRoot",
      ...AUDIT_READS,
      "iam:DeleteLoginProfile",
      "iam:DeleteAccessKey",
      "iam:DeactivateMFADevice",
      "iam:DeleteVirtualMFADevice",
      "iam:DeleteSigningCertificate",
    ],
    taskPolicies: [COMMAND_TASK_POLICY["remediate apply"]],
  },
  "allow-password-recovery": {
    operations: [...PRIVILEGED_PREFLIGHT, "iam:GetLoginProfile", "iam:CreateLoginProfile"],
    taskPolicies: [COMMAND_TASK_POLICY["allow-password-recovery"]],
  },
  "unlock-s3-bucket-policy": {
    operations: [...PRIVILEGED_PREFLIGHT, "s3:GetBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutBucketPolicy"],
    taskPolicies: [COMMAND_TASK_POLICY["unlock-s3-bucket-policy"]],
  },
  "unlock-sqs-queue-policy": {
    operations: [...PRIVILEGED_PREFLIGHT, "sqs:GetQueueAttributes", "sqs:SetQueueAttributes"],
    taskPolicies: [COMMAND_TASK_POLICY["unlock-sqs-queue-policy"]],
  },
} as const satisfies Record<string, { operations: readonly Operation[]; taskPolicies: readonly TaskPolicy[] }>;
/** A CLI command that calls AWS. */
export type AwsCommand = keyof typeof COMMAND_OPERATIONS;

/** The IAM actions the caller's identity policy must allow for a command (sorted, unique). */
export function callerActions(command: AwsCommand): string[] {
  const actions = COMMAND_OPERATIONS[command].operations
    .map((op) => OPERATIONS[op] as OperationSpec)
    .filter((spec) => spec.principal === "caller" && spec.iamAction)
    .map((spec) => spec.iamAction as string);
  return [...new Set(actions)].sort();
}

/** The operation key for an SDK call: its client's service and the command's name. */
export function operationOf(service: string, commandName: string): string {
  return `${service}:${commandName.replace(/Command$/, "")}`;
}

/**
 * The README's permission table, generated from COMMAND_OPERATIONS: for each command, the actions
 * the caller's identity policy must allow, and the task policies its root sessions use.
 */
export function permissionsMarkdown(): string {
  const rows = (Object.keys(COMMAND_OPERATIONS) as AwsCommand[]).map((command) => {
    const actions = callerActions(command).filter((a) => a !== "sts:AssumeRoot");
    const tasks: readonly TaskPolicy[] = COMMAND_OPERATIONS[command].taskPolicies;
    const assumeRoot = tasks.length
      ? `; \`sts:AssumeRoot\` on \`arn:aws:iam::<member>:root\` with \`ArnEquals\` \`sts:TaskPolicyArn\` = ${tasks.map((t) => `\`${t}\``).join(", ")}`
      : "";
    return `| \`${command}\` | ${actions.map((a) => `\`${a}\``).join(", ")}${assumeRoot} |`;
  });
  return ["| command | the caller needs (`sts:GetCallerIdentity` needs no permission) |", "|---|---|", ...rows].join("\n");
}

/** The commands an operator role with these task policies can run: those whose every root session it may open. */
export function commandsServedBy(taskPolicies: readonly TaskPolicy[]): AwsCommand[] {
  return (Object.keys(COMMAND_OPERATIONS) as AwsCommand[]).filter((command) => {
    const needed: readonly TaskPolicy[] = COMMAND_OPERATIONS[command].taskPolicies;
    return needed.length > 0 && needed.every((t) => taskPolicies.includes(t));
  });
}

/** The actions besides sts:AssumeRoot an operator role needs to run every command its task policies serve (sorted, unique). */
export function operatorActions(taskPolicies: readonly TaskPolicy[]): string[] {
  const actions = commandsServedBy(taskPolicies).flatMap(callerActions);
  return [...new Set(actions)].filter((a) => a !== "sts:AssumeRoot").sort();
}
