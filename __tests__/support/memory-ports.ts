// In-memory implementations of the domain's ports, for workflow tests without HTTP or processes.
// Every call is recorded in `events`, in order, so tests can check what happened when.
import { TaskPolicy } from "../../lib/aws-constants";
import { notConfirmed, AwsError } from "../../lib/errors";
import type {
  AccountSummary,
  ActionLogEntry,
  Confirm,
  CredentialItem,
  Decision,
  OrganizationPolicyType,
  OrganizationsPort,
  PolicyTarget,
  RootCredentials,
  RootSessionCalls,
  RootSessionsPort,
} from "../../lib/domain/ports";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface MemoryAccount {
  summary: AccountSummary;
  credentials: Mutable<RootCredentials>;
  policies: Map<string, string | undefined>;
  /** The OU names from the root down ("Root/workloads"). */
  ouPath: string;
  /** Item ID (or "login-profile") -> its creation date and, for keys, last use (readCredentialDetails). */
  details: Map<string, { createdAt?: string; lastUsed?: { date: string; service?: string; region?: string } }>;
}

export class MemoryAws {
  readonly events: string[] = [];
  readonly log: ActionLogEntry[] = [];
  readonly accounts = new Map<string, MemoryAccount>();
  managementAccountId = "111111111111";
  rootSessionsOn = true;
  /** Calls (e.g. "iam:DeleteAccessKey") that fail with AccessDenied. */
  readonly failing = new Set<string>();
  /** Organization policies (SCPs, RCPs) with their targets; every account sits directly under the root r-mem1. */
  readonly orgPolicies: { id: string; name: string; type: OrganizationPolicyType; content: string; targets: Set<string>; awsManaged?: boolean }[] = [];
  /** The caller may not read the organization's policies (an IAM delegated administrator without policy delegation). */
  policyReadsDenied = false;
  /** Reads of a queue policy that still return the old value after a change (SQS propagation). */
  staleReads = 0;

  addAccount(id: string, credentials: Partial<RootCredentials> = {}, state = "ACTIVE"): MemoryAccount {
    const account = {
      summary: { id, name: `account-${id}`, email: `${id}@example.com`, state },
      credentials: { loginProfile: false, accessKeys: [], mfaDevices: [], signingCertificates: [], ...credentials },
      policies: new Map(),
      ouPath: "Root",
      details: new Map(),
    };
    this.accounts.set(id, account);
    return account;
  }

  private readPolicies(operation: string): void {
    if (this.policyReadsDenied)
      throw new AwsError("AccessDeniedException", `${operation}: AccessDeniedException: You don't have permissions to access this resource.`, operation);
  }

  private fail(operation: string): void {
    if (this.failing.has(operation)) throw new AwsError("AccessDenied", `${operation}: AccessDenied: not allowed`, operation);
  }

  readonly organizations: OrganizationsPort = {
    callerIdentity: async () => ({ accountId: this.managementAccountId, arn: `arn:aws:iam::${this.managementAccountId}:user/ops` }),
    describeOrganization: async () => ({ id: "o-memory00000", managementAccountId: this.managementAccountId, featureSet: "ALL" }),
    describeAccount: async (id) => this.accounts.get(id)?.summary,
    trustedServicePrincipals: async () => ["iam.amazonaws.com"],
    delegatedAdministrators: async () => [],
    roots: async () => [{ id: "r-mem1", enabledPolicyTypes: [...new Set(this.orgPolicies.map((p) => p.type))].sort() }],
    organizationalUnitsUnder: async () => [],
    accountsDirectlyUnder: async (parentId) => (parentId === "r-mem1" ? [...this.accounts.values()].map((a) => a.summary) : []),
    parentOf: async () => "r-mem1",
    policies: async (type) => {
      this.readPolicies("organizations:ListPolicies");
      return this.orgPolicies.filter((p) => p.type === type).map((p) => ({ id: p.id, name: p.name, type: p.type, awsManaged: p.awsManaged === true }));
    },
    policyContent: async (id) => {
      this.readPolicies("organizations:DescribePolicy");
      return this.orgPolicies.find((p) => p.id === id)?.content ?? "";
    },
    policyTargets: async (id) => [...(this.orgPolicies.find((p) => p.id === id)?.targets ?? [])],
    policiesForTarget: async (target, type) =>
      this.orgPolicies
        .filter((p) => p.type === type && p.targets.has(target))
        .map((p) => ({ id: p.id, name: p.name, type: p.type, awsManaged: p.awsManaged === true })),
    accountPages: async function* (this: MemoryAws) {
      yield [...this.accounts.values()].map((a) => a.summary);
    }.bind(this),
    accountPagesUnder: async function* (this: MemoryAws) {
      yield [...this.accounts.values()].map((a) => a.summary);
    }.bind(this),
    accountPagesWithPath: async function* (this: MemoryAws, parentId: string) {
      const under = parentId.startsWith("r-") ? "Root" : parentId;
      yield [...this.accounts.values()]
        .filter((a) => a.ouPath === under || a.ouPath.startsWith(`${under}/`) || a.ouPath.split("/").includes(under))
        .map((a) => ({ account: a.summary, ouPath: a.ouPath }));
    }.bind(this),
    organizationsFeatures: async () => ({
      organizationId: "o-memory00000",
      enabledFeatures: this.rootSessionsOn ? ["RootCredentialsManagement", "RootSessions"] : ["RootCredentialsManagement"],
    }),
  };

  readonly rootSessions: RootSessionsPort = {
    withRootSession: async <T>(accountId: string, taskPolicy: TaskPolicy, fn: (s: RootSessionCalls) => Promise<T>): Promise<T> => {
      this.fail("sts:AssumeRoot");
      this.events.push(`open ${accountId} ${taskPolicy}`);
      try {
        return await fn(this.session(accountId, taskPolicy));
      } finally {
        this.events.push(`close ${accountId} ${taskPolicy}`);
      }
    },
  };

  private session(accountId: string, taskPolicy: TaskPolicy): RootSessionCalls {
    const account = this.accounts.get(accountId)!;
    const key = (t: PolicyTarget) => (t.kind === "s3-bucket-policy" ? t.bucket : t.queueUrl);
    let stale: { key: string; value: string | undefined; left: number } | undefined;
    return {
      accountId,
      taskPolicy,
      readRootCredentials: async () => {
        this.fail("iam:ListAccessKeys");
        this.events.push(`read ${accountId}`);
        const c = account.credentials;
        return { loginProfile: c.loginProfile, accessKeys: [...c.accessKeys], mfaDevices: [...c.mfaDevices], signingCertificates: [...c.signingCertificates] };
      },
      readCredentialDetails: async () => {
        this.fail("iam:ListAccessKeys");
        this.fail("iam:GetAccessKeyLastUsed");
        this.events.push(`read-details ${accountId}`);
        const c = account.credentials;
        const d = (id: string) => account.details.get(id) ?? {};
        return [
          ...(c.loginProfile ? [{ kind: "login-profile" as const, createdAt: d("login-profile").createdAt }] : []),
          ...c.accessKeys.map((k) => ({ kind: "access-keys" as const, id: k.id, status: k.status, ...d(k.id) })),
          ...c.mfaDevices.map((serial) => ({ kind: "mfa-devices" as const, id: serial, createdAt: d(serial).createdAt })),
          ...c.signingCertificates.map((k) => ({ kind: "signing-certificates" as const, id: k.id, status: k.status, createdAt: d(k.id).createdAt })),
        ];
      },
      deleteCredential: async (item: CredentialItem) => {
        const op = {
          "login-profile": "iam:DeleteLoginProfile",
          "access-keys": "iam:DeleteAccessKey",
          "mfa-devices": "iam:DeactivateMFADevice",
          "signing-certificates": "iam:DeleteSigningCertificate",
        }[item.kind];
        this.fail(op);
        this.events.push(`delete ${accountId} ${item.kind}${item.id ? ` ${item.id}` : ""}`);
        const c = account.credentials;
        if (item.kind === "login-profile") {
          if (!c.loginProfile) return "already absent";
          c.loginProfile = false;
        } else if (item.kind === "mfa-devices") c.mfaDevices = c.mfaDevices.filter((s) => s !== item.id);
        else if (item.kind === "access-keys") c.accessKeys = c.accessKeys.filter((k) => k.id !== item.id);
        else c.signingCertificates = c.signingCertificates.filter((k) => k.id !== item.id);
        return "deleted";
      },
      createLoginProfile: async () => {
        this.events.push(`create-login-profile ${accountId}`);
        if (account.credentials.loginProfile) return false;
        account.credentials.loginProfile = true;
        return true;
      },
      getResourcePolicy: async (t) => {
        this.events.push(`get-policy ${accountId} ${key(t)}`);
        if (stale && stale.key === key(t) && stale.left > 0) {
          stale.left -= 1;
          return stale.value;
        }
        return account.policies.get(key(t));
      },
      deleteResourcePolicy: async (t) => {
        this.events.push(`delete-policy ${accountId} ${key(t)}`);
        if (t.kind === "sqs-queue-policy" && this.staleReads > 0) stale = { key: key(t), value: account.policies.get(key(t)), left: this.staleReads };
        account.policies.set(key(t), undefined);
      },
      putResourcePolicy: async (t, policy) => {
        this.events.push(`put-policy ${accountId} ${key(t)}`);
        account.policies.set(key(t), policy);
      },
    };
  }

  actionLog = () => ({ write: (entry: ActionLogEntry) => void this.log.push(entry) });
}

/** A Confirm that records what it was shown and answers `decision` (or says no). */
export function scriptedConfirm<P>(aws: MemoryAws, decision: Decision | "no"): Confirm<P> & { shown: P[] } {
  const shown: P[] = [];
  return {
    shown,
    show: (plan) => {
      aws.events.push("show plan");
      shown.push(plan);
    },
    ask: async (question) => {
      aws.events.push(`ask ${question}`);
      if (decision === "no") throw notConfirmed("not confirmed: nothing was changed");
      return decision;
    },
  };
}
