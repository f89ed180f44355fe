// The in-memory organization behind the local AWS fake. Tests build it; handlers read and change it.
import { FEATURES, Feature, TaskPolicy } from "../../lib/aws-constants";

export interface RootCredentials {
  loginProfile: boolean;
  /** `lastUsed` as iam:GetAccessKeyLastUsed reports it (absent: never used); `createdAt` ISO 8601 (default 2024-01-01). */
  accessKeys: { id: string; status: "Active" | "Inactive"; createdAt?: string; lastUsed?: { date: string; service: string; region: string } }[];
  /** Serial numbers; virtual devices are ARNs (arn:aws:iam::<account>:mfa/...). */
  mfaDevices: string[];
  signingCertificates: { id: string; status: "Active" | "Inactive" }[];
}

export interface FakeAccount {
  id: string;
  name: string;
  email: string;
  state: "ACTIVE" | "SUSPENDED" | "PENDING_CLOSURE" | "CLOSED";
  parentId: string;
  rootCredentials: RootCredentials;
  /** Bucket name -> policy JSON (undefined = no policy). */
  buckets: Map<string, string | undefined>;
  /** Bucket name -> its region (default us-east-1): S3 answers a call through another region with a 301. */
  bucketRegions: Map<string, string>;
  /** Queue URL -> policy JSON (undefined = no policy). */
  queues: Map<string, string | undefined>;
  /** Queue URL -> the policy reads still return until `until` (SetQueueAttributes takes time to show). */
  staleQueuePolicies?: Map<string, { value: string | undefined; until: number }>;
}

export interface FakeOrganizationalUnit {
  id: string;
  name: string;
  parentId: string;
}

export interface RootSession {
  accountId: string;
  taskPolicy: TaskPolicy;
  expiresAt: number;
}

export interface FakeRole {
  name: string;
  id: string;
  arn: string;
  path: string;
  description: string;
  maxSessionDuration: number;
  assumeRolePolicy: string;
  /** Inline policies: name -> document. */
  policies: Map<string, string>;
}

export interface FakePolicy {
  id: string;
  name: string;
  description: string;
  type: string;
  content: string;
  targets: Set<string>;
  /** AWS-managed (FullAWSAccess, RCPFullAWSAccess). */
  awsManaged?: boolean;
}

export interface FakeRule {
  name: string;
  account: string;
  region: string;
  arn: string;
  eventPattern: string;
  description: string;
  state: string;
  targets: Map<string, string>;
}

export interface FakeTopic {
  arn: string;
  attributes: Map<string, string>;
}

/** A CloudTrail trail: EventBridge sees "AWS API Call via CloudTrail" events only where one logs management events. */
export interface FakeTrail {
  name: string;
  account: string;
  homeRegion: string;
  multiRegion: boolean;
  logging: boolean;
  managementEvents: boolean;
}

/** An event as EventBridge put it on a bus. */
export interface FakeEvent {
  readonly account: string;
  readonly region: string;
  readonly event: Record<string, any>;
}

/** An event a rule delivered to an SNS topic. */
export interface FakeDelivery {
  readonly topicArn: string;
  readonly ruleArn: string;
  readonly event: Record<string, any>;
}

export class FakeOrganization {
  id = "o-exampleorgid";
  rootId = "r-ex12";
  featureSet: "ALL" | "CONSOLIDATED_BILLING" = "ALL";
  managementAccountId = "111111111111";
  readonly accounts = new Map<string, FakeAccount>();
  readonly organizationalUnits = new Map<string, FakeOrganizationalUnit>();
  readonly servicePrincipals = new Set<string>();
  readonly enabledPolicyTypes = new Set<string>();
  /** Service principal -> delegated administrator account IDs. */
  readonly delegatedAdministrators = new Map<string, Set<string>>();
  readonly iamFeatures = new Set<Feature>();
  /** Session access key ID -> root session. */
  readonly rootSessions = new Map<string, RootSession>();
  /** IAM roles per account: account -> name -> role. */
  readonly roles = new Map<string, Map<string, FakeRole>>();
  readonly policies = new Map<string, FakePolicy>();
  /** EventBridge rules on the default bus, keyed "<account>/<region>/<name>". */
  readonly eventRules = new Map<string, FakeRule>();
  /** Default-bus resource policies, keyed "<account>/<region>". */
  readonly busPolicies = new Map<string, string>();
  readonly trails: FakeTrail[] = [];
  /** Every event put on a bus (after CloudTrail, before rules), and every delivery to SNS. */
  readonly busEvents: FakeEvent[] = [];
  readonly deliveries: FakeDelivery[] = [];
  readonly topics = new Map<string, FakeTopic>();
  /** Subscription ARN -> attributes. */
  readonly subscriptions = new Map<string, Record<string, string>>();
  /** Session access key -> the account and ARN of an assumed IAM role (sts:AssumeRole). */
  readonly roleSessions = new Map<string, { accountId: string; arn: string; roleName: string }>();
  /** Entities FullAWSAccess was detached from (it is attached to every root, OU and account otherwise). */
  readonly fullAccessDetached = new Set<string>();
  /** Member accounts the Organizations delegation policy lets read policies (besides the management account). */
  readonly policyReaders = new Set<string>();
  /** Root-session calls the SCPs or RCPs refused, with AWS's reason, for assertions. */
  readonly organizationPolicyDenials: { accountId: string; action: string; why: string }[] = [];
  /** Every AssumeRoot request, for assertions (target, task policy, duration). */
  readonly assumeRootCalls: { target: string; taskPolicyArn: string; durationSeconds: number; caller: string; region: string }[] = [];

  constructor() {
    // The management account's root as a careful team leaves it: a password and MFA, no access keys
    // (seed others through accounts.get(managementAccountId).rootCredentials).
    this.addAccount({
      id: this.managementAccountId,
      name: "management",
      rootCredentials: { loginProfile: true, mfaDevices: [`arn:aws:iam::${this.managementAccountId}:mfa/root-account-mfa-device`] },
    });
  }

  addAccount(input: {
    id: string;
    name?: string;
    email?: string;
    state?: FakeAccount["state"];
    parentId?: string;
    rootCredentials?: Partial<RootCredentials>;
  }): FakeAccount {
    const account: FakeAccount = {
      id: input.id,
      name: input.name ?? `account-${input.id}`,
      email: input.email ?? `aws+${input.id}@example.com`,
      state: input.state ?? "ACTIVE",
      parentId: input.parentId ?? this.rootId,
      rootCredentials: { loginProfile: false, accessKeys: [], mfaDevices: [], signingCertificates: [], ...input.rootCredentials },
      buckets: new Map(),
      bucketRegions: new Map(),
      queues: new Map(),
    };
    this.accounts.set(account.id, account);
    return account;
  }

  /** Creates a policy of the type (enabling the type) and attaches it to the targets. */
  addPolicy(input: {
    id: string;
    name: string;
    type: "SERVICE_CONTROL_POLICY" | "RESOURCE_CONTROL_POLICY";
    content: object | string;
    targets: string[];
    description?: string;
  }): FakePolicy {
    this.enabledPolicyTypes.add(input.type);
    const policy: FakePolicy = {
      id: input.id,
      name: input.name,
      description: input.description ?? "",
      type: input.type,
      content: typeof input.content === "string" ? input.content : JSON.stringify(input.content),
      targets: new Set(input.targets),
    };
    this.policies.set(policy.id, policy);
    return policy;
  }

  addOrganizationalUnit(id: string, name: string, parentId = this.rootId): FakeOrganizationalUnit {
    const ou = { id, name, parentId };
    this.organizationalUnits.set(id, ou);
    return ou;
  }

  /** A trail in `account` logging management events (in every region unless `homeRegion` is given alone). */
  addTrail(account: string, options: Partial<Omit<FakeTrail, "account">> = {}): FakeTrail {
    const trail = {
      name: `trail-${this.trails.length + 1}`,
      homeRegion: "us-east-1",
      multiRegion: true,
      logging: true,
      managementEvents: true,
      ...options,
      account,
    };
    this.trails.push(trail);
    return trail;
  }

  /** Turns root access management fully on: IAM trusted access and both features. */
  enableRootAccess(): this {
    this.servicePrincipals.add("iam.amazonaws.com");
    for (const f of FEATURES) this.iamFeatures.add(f);
    return this;
  }

  rolesOf(accountId: string): Map<string, FakeRole> {
    let roles = this.roles.get(accountId);
    if (!roles) this.roles.set(accountId, (roles = new Map()));
    return roles;
  }

  isDelegatedAdministrator(accountId: string, servicePrincipal: string): boolean {
    return this.delegatedAdministrators.get(servicePrincipal)?.has(accountId) ?? false;
  }
}

/** An organization with `count` member accounts (IDs from 200000000000 up), for tests and benchmarks. */
export function organizationWithMembers(count: number): FakeOrganization {
  const org = new FakeOrganization().enableRootAccess();
  for (let i = 0; i < count; i++) org.addAccount({ id: String(200000000000 + i) });
  return org;
}
