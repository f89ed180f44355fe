// What the domain needs from the outside world, as narrow interfaces: AWS (implemented in
// lib/aws), files (implemented in lib/cli/io), and the person at the terminal (a confirm callback).
// The domain imports nothing else; tests implement these in memory.
import { CredentialKind, Feature, PolicyTargetKind, TaskPolicy } from "../aws-constants";

export interface CallerIdentity {
  readonly accountId: string;
  readonly arn: string;
}

export interface OrganizationDescription {
  readonly id: string;
  readonly managementAccountId: string;
  readonly featureSet: string;
}

export interface AccountSummary {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  /** ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED, ... (Account.State; Status is retired). */
  readonly state: string;
}

export interface RootSummary {
  readonly id: string;
  readonly enabledPolicyTypes: string[];
}

export interface OrganizationsFeatures {
  readonly organizationId?: string;
  readonly enabledFeatures: Feature[];
}

/** Organizations, the IAM organization features and the caller's identity. Lists are complete (paginated inside). */
export interface OrganizationsPort {
  callerIdentity(): Promise<CallerIdentity>;
  describeOrganization(): Promise<OrganizationDescription>;
  /** One account of the organization, or undefined when it is not a member. */
  describeAccount(accountId: string): Promise<AccountSummary | undefined>;
  /** Service principals with trusted access, sorted. */
  trustedServicePrincipals(): Promise<string[]>;
  /** Delegated administrator account IDs for a service principal, sorted. */
  delegatedAdministrators(servicePrincipal: string): Promise<string[]>;
  roots(): Promise<RootSummary[]>;
  /** Every account, page by page as AWS returns them (a consumer can start on page one). */
  accountPages(): AsyncIterable<AccountSummary[]>;
  /** Accounts under an OU or root, recursively, page by page. */
  accountPagesUnder(parentId: string): AsyncIterable<AccountSummary[]>;
  /**
   * Accounts under an OU or root, recursively, page by page, each with the names of the OUs from
   * `parentId` down to it ("Root/workloads/prod"; the first part is "Root" for a root, else the OU's ID).
   */
  accountPagesWithPath(parentId: string): AsyncIterable<{ readonly account: AccountSummary; readonly ouPath: string }[]>;
  organizationsFeatures(): Promise<OrganizationsFeatures>;
  // The organization's shape and policies, read once per run by readiness (lib/domain/readiness).
  /** The OUs directly under a root or OU (ListOrganizationalUnitsForParent). */
  organizationalUnitsUnder(parentId: string): Promise<OrganizationalUnitSummary[]>;
  /** The accounts directly under a root or OU, not below (ListAccountsForParent). */
  accountsDirectlyUnder(parentId: string): Promise<AccountSummary[]>;
  /** The root or OU directly above an OU or account (ListParents). */
  parentOf(childId: string): Promise<string>;
  /** Every policy of one type (ListPolicies with a Filter). */
  policies(type: OrganizationPolicyType): Promise<OrganizationPolicySummary[]>;
  /** A policy's content, the JSON document as a string (DescribePolicy). */
  policyContent(policyId: string): Promise<string>;
  /** The roots, OUs and accounts a policy is attached to (ListTargetsForPolicy). */
  policyTargets(policyId: string): Promise<string[]>;
  /** The policies of one type attached directly to a root, OU or account (ListPoliciesForTarget). */
  policiesForTarget(targetId: string, type: OrganizationPolicyType): Promise<OrganizationPolicySummary[]>;
}

export interface OrganizationalUnitSummary {
  readonly id: string;
  readonly name: string;
}

/** The organization policy types readiness reads, as AWS names them. */
export type OrganizationPolicyType = "SERVICE_CONTROL_POLICY" | "RESOURCE_CONTROL_POLICY";

export interface OrganizationPolicySummary {
  readonly id: string;
  readonly name: string;
  readonly type: OrganizationPolicyType;
  /** AWS-managed (FullAWSAccess, RCPFullAWSAccess). */
  readonly awsManaged: boolean;
}

/** An OU (or root) and the OUs under it. */
export interface OrganizationNode {
  readonly id: string;
  readonly name: string;
  readonly children: readonly OrganizationNode[];
}

/** The organization's OUs as a tree, and for each account the IDs of its parent chain (its OU first, the root last). */
export interface OrganizationTree {
  readonly roots: readonly OrganizationNode[];
  readonly parentsOf: ReadonlyMap<string, readonly string[]>;
}

/** Where each account sits (for reports that summarise per OU). */
export interface OrganizationTreePort {
  organizationTree(): Promise<OrganizationTree>;
}

/** A CloudTrail trail that applies to the caller's account in the region asked. */
export interface TrailStatus {
  readonly name: string;
  readonly homeRegion: string;
  readonly multiRegion: boolean;
  readonly logging: boolean;
  /** Whether it records management events (AssumeRoot is one). */
  readonly managementEvents: boolean;
}

/** CloudTrail, for what alerting needs: EventBridge sees API calls only where a trail logs them. */
export interface TrailsPort {
  /** The trails that apply to the caller's account in the connected region. */
  trails(): Promise<TrailStatus[]>;
}

/** The caller's own account's root user, as iam:GetAccountSummary reports it. */
export interface RootUserSummary {
  readonly mfaEnabled: boolean;
  readonly accessKeysPresent: boolean;
  readonly passwordPresent: boolean;
  readonly signingCertificatesPresent: boolean;
}

/** iam:GetAccountSummary of the caller's account (the management account's root is seen only from there). */
export interface RootUserSummaryPort {
  rootUserSummary(): Promise<RootUserSummary>;
}

export interface RootCredentials {
  readonly loginProfile: boolean;
  readonly accessKeys: { id: string; status: string }[];
  readonly mfaDevices: string[];
  readonly signingCertificates: { id: string; status: string }[];
}

/** One root credential item with what IAM knows of its age and use (what a remediation plan is made from). */
export interface CredentialDetail {
  readonly kind: CredentialKind;
  /** The access key ID, MFA serial number or certificate ID; none for the login profile. */
  readonly id?: string;
  /** Active or Inactive, for access keys and signing certificates. */
  readonly status?: string;
  /** When it was created (login profile, key), enabled (MFA device) or uploaded (certificate), ISO 8601. */
  readonly createdAt?: string;
  /** An access key's last use (iam:GetAccessKeyLastUsed); undefined when never used or not a key. */
  readonly lastUsed?: { readonly date: string; readonly service?: string; readonly region?: string };
}

/** One root credential item, as the delete command plans and reports it. */
export interface CredentialItem {
  readonly kind: CredentialKind;
  /** The access key ID, MFA serial number or certificate ID; none for the login profile. */
  readonly id?: string;
}

export type PolicyTarget = { readonly kind: "s3-bucket-policy"; readonly bucket: string } | { readonly kind: "sqs-queue-policy"; readonly queueUrl: string };
export type { PolicyTargetKind };

/** What can be done inside one root session; which calls AWS allows depends on its task policy. */
export interface RootSessionCalls {
  readonly accountId: string;
  readonly taskPolicy: TaskPolicy;
  /**
   * The root user's four kinds of credentials, read side by side; any failure fails the whole read.
   * With `kinds`, only those are read (one call each) and the others come back empty.
   */
  readRootCredentials(kinds?: readonly CredentialKind[]): Promise<RootCredentials>;
  /** Every root credential item with its dates, and each access key's last use: password, keys, MFA devices, certificates. */
  readCredentialDetails(): Promise<CredentialDetail[]>;
  /** Deletes one item; "already absent" when AWS says it no longer exists. MFA devices are deactivated, then deleted when virtual. */
  deleteCredential(item: CredentialItem): Promise<"deleted" | "already absent">;
  /** Creates the root login profile (no password) unless there is one: true when created. */
  createLoginProfile(): Promise<boolean>;
  /** The bucket's or queue's policy; undefined when it has none. */
  getResourcePolicy(target: PolicyTarget): Promise<string | undefined>;
  deleteResourcePolicy(target: PolicyTarget): Promise<void>;
  putResourcePolicy(target: PolicyTarget, policy: string): Promise<void>;
}

/** Root sessions (sts:AssumeRoot), opened and closed by the AWS layer: no credential leaves it. */
export interface RootSessionsPort {
  withRootSession<T>(accountId: string, taskPolicy: TaskPolicy, fn: (session: RootSessionCalls) => Promise<T>): Promise<T>;
}

/** One line of evidence of a privileged run; never a secret. */
export interface ActionLogEntry {
  readonly account: string;
  readonly taskPolicy?: TaskPolicy;
  /** e.g. "delete-access-key", "confirm", "backup-s3-bucket-policy". */
  readonly action: string;
  readonly target?: string;
  /** e.g. "deleted", "already absent", "failed", "dry-run", "not confirmed". */
  readonly result: string;
  readonly error?: ErrorInfo;
}

export interface ActionLogPort {
  write(entry: ActionLogEntry): void;
}

/** A saved bucket or queue policy (the backup file's content; field names are a contract). */
export interface PolicyBackup {
  readonly kind: PolicyTargetKind;
  readonly accountId: string;
  readonly bucket?: string;
  readonly queueUrl?: string;
  readonly savedAt: string;
  readonly policy: string;
}

export interface BackupStorePort {
  /** Saves a backup as a new file (never overwriting) and returns where. */
  save(backup: PolicyBackup): string;
}

/** An AWS or user error as it appears in results and reports. */
export interface ErrorInfo {
  readonly code: string;
  readonly message: string;
}

/** How an action was allowed: by --yes, by a person at the terminal, or not at all (a dry run). */
export type Decision = "--yes" | "terminal" | "dry-run";

/** How a privileged workflow talks to the person: it shows the plan first, then asks before acting. */
export interface Confirm<P> {
  /** Shows what would be done; called once, before any question. */
  show(plan: P): void;
  /** Asks before anything changes; throws NotConfirmed on a "no". */
  ask(question: string): Promise<Decision>;
}
