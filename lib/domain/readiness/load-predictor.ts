// Reads the organization's shape and policies once per run (never per account) and builds the
// predictor: ListRoots, the OU tree with the accounts under each parent, ListPolicies per type,
// DescribePolicy once per policy, ListTargetsForPolicy per policy, ListPoliciesForTarget where needed.
import pLimit from "p-limit";
import { AwsError } from "../../errors";
import type { AccountSummary, OrganizationPolicySummary, OrganizationsPort } from "../ports";
import { TASK_POLICIES } from "../../aws-constants";
import { evaluatePolicy, parsePolicy, PolicyDocument, statementsOf } from "./evaluate-policy";
import { accountNeutral, OrganizationPolicy, OrganizationSnapshot, snapshotPredictor } from "./predict";
import { rootSessionRequest, taskActions } from "./root-session-requests";
import type { PolicyType, ReadinessPredictor } from "./prediction";
import type { AssumeRootCaller } from "./root-session-requests";

/** Every action a root session of any task sends. */
const ALL_TASK_ACTIONS = [...new Set(TASK_POLICIES.flatMap(taskActions))];

export interface LoadOptions {
  readonly partition: string;
  /** The region root sessions are opened in (aws:RequestedRegion of S3 and SQS calls). @default - conditions on it are unknown */
  readonly region?: string;
  /** Who opens the root sessions. @default - conditions on the caller of sts:AssumeRoot are unknown */
  readonly caller?: AssumeRootCaller;
  /**
   * Only these accounts will be predicted: their paths are read with ListParents and each level's
   * policies with ListPoliciesForTarget (a few calls for a privileged command on one account).
   * @default - the whole organization
   */
  readonly accountIds?: readonly string[];
  /** Organizations calls in flight at once (Organizations throttles). @default 8 */
  readonly concurrency?: number;
  /**
   * The accounts to be predicted are members (audit and remediate plan take them from the
   * organization's own listings): the root's accounts are not listed, and an account found under
   * no OU is taken to sit under the root. In an organization whose accounts sit under the root,
   * that saves hundreds of sequential pages before the first root session.
   * @default false - every parent's accounts are listed (readiness reports them all)
   */
  readonly membersUnderRootUnlisted?: boolean;
}

const POLICY_TYPES: readonly PolicyType[] = ["SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"];

/** What a caller needs to be allowed for a prediction. */
export const POLICY_READ_ACTIONS = [
  "organizations:ListRoots",
  "organizations:ListOrganizationalUnitsForParent",
  "organizations:ListAccountsForParent",
  "organizations:ListPolicies",
  "organizations:DescribePolicy",
  "organizations:ListTargetsForPolicy",
  "organizations:ListPoliciesForTarget",
  "organizations:ListParents",
] as const;

/** An AWS-managed policy allowing everything (FullAWSAccess, RCPFullAWSAccess). */
function isFullAccess(summary: OrganizationPolicySummary, doc: PolicyDocument | undefined): boolean {
  if (!summary.awsManaged || !doc) return false;
  const statements = statementsOf(doc);
  return (
    statements.length === 1 &&
    statements[0].Effect === "Allow" &&
    statements[0].Action === "*" &&
    (statements[0].Resource === "*" || statements[0].Resource === undefined) &&
    statements[0].Condition === undefined
  );
}

/**
 * Reads everything a prediction needs. Calls: 1 DescribeOrganization, 1 ListRoots, per parent one
 * ListOrganizationalUnitsForParent and one ListAccountsForParent (pages of 20), per type ListPolicies,
 * per policy one DescribePolicy, per policy except the AWS-managed full-access ones ListTargetsForPolicy,
 * and ListPoliciesForTarget for each target those attach to. FullAWSAccess is attached to almost every
 * entity (thousands of pages at 10,000 accounts), so its targets are not listed: every root, OU and
 * account has at least one SCP attached (AWS refuses to detach the last), so an entity with none of the
 * other SCPs has FullAWSAccess, and where others are attached ListPoliciesForTarget says exactly.
 * RCPFullAWSAccess is attached to every entity and cannot be detached.
 */
export async function loadOrganizationSnapshot(organizations: OrganizationsPort, options: LoadOptions): Promise<OrganizationSnapshot> {
  const limit = pLimit(options.concurrency ?? 8);
  const [organization, roots] = await Promise.all([organizations.describeOrganization(), organizations.roots()]);
  const root = roots[0];
  const rootId = root?.id ?? "";
  const enabledPolicyTypes = POLICY_TYPES.filter((t) => root?.enabledPolicyTypes.includes(t));
  const base = {
    organizationId: organization.id,
    managementAccountId: organization.managementAccountId,
    partition: options.partition,
    region: options.region,
    rootId,
  };
  if (options.accountIds)
    return { ...base, ...(await loadPaths(organizations, options.accountIds, rootId, enabledPolicyTypes, limit)), enabledPolicyTypes, caller: options.caller };
  const parents = new Map<string, string>();
  const organizationalUnits = new Map<string, string>();
  const accounts: AccountSummary[] = [];

  const unlisted = options.membersUnderRootUnlisted === true;
  const walk = async (parentId: string): Promise<void> => {
    const [units, children] = await Promise.all([
      limit(() => organizations.organizationalUnitsUnder(parentId)),
      unlisted && parentId === rootId ? [] : limit(() => organizations.accountsDirectlyUnder(parentId)),
    ]);
    for (const a of children) {
      parents.set(a.id, parentId);
      accounts.push(a);
    }
    await Promise.all(
      units.map((ou) => {
        parents.set(ou.id, parentId);
        organizationalUnits.set(ou.id, ou.name);
        return walk(ou.id);
      }),
    );
  };

  const policies = new Map<string, OrganizationPolicy>();
  const attachments = new Map<string, string[]>();
  const attach = (target: string, policyId: string) => {
    const list = attachments.get(target) ?? [];
    if (!list.includes(policyId)) list.push(policyId);
    attachments.set(target, list);
  };
  const fullAccess = new Map<PolicyType, string>();
  /** Targets of policies whose targets were listed, per type: ListPoliciesForTarget tells whether FullAWSAccess is there too. */
  const listedTargets = new Map<PolicyType, Set<string>>();

  const readType = async (type: PolicyType): Promise<void> => {
    const summaries = await limit(() => organizations.policies(type));
    const targets = new Set<string>();
    listedTargets.set(type, targets);
    await Promise.all(
      summaries.map(async (summary) => {
        const content = await limit(() => organizations.policyContent(summary.id));
        let document: PolicyDocument | undefined;
        let parseError: string | undefined;
        try {
          document = parsePolicy(content);
        } catch (err) {
          parseError = (err as Error).message;
        }
        policies.set(summary.id, { id: summary.id, name: summary.name, type, document, parseError });
        if (isFullAccess(summary, document) && !fullAccess.has(type)) {
          fullAccess.set(type, summary.id);
          return;
        }
        for (const target of await limit(() => organizations.policyTargets(summary.id))) {
          attach(target, summary.id);
          targets.add(target);
        }
      }),
    );
  };

  await Promise.all([walk(rootId), ...enabledPolicyTypes.map(readType)]);

  // Policy targets are the root, OUs and accounts: a target seen nowhere in the tree is an account under the root.
  if (unlisted) {
    for (const targets of listedTargets.values())
      for (const target of targets) if (target !== rootId && !organizationalUnits.has(target) && !parents.has(target)) parents.set(target, rootId);
  }
  const scpFull = fullAccess.get("SERVICE_CONTROL_POLICY");
  if (scpFull) {
    const withOthers = listedTargets.get("SERVICE_CONTROL_POLICY") ?? new Set<string>();
    const place = { partition: options.partition, organizationId: organization.id, rootId, parents, accounts, policies, attachments, region: options.region };
    await Promise.all(
      [...withOthers].map(async (target) => {
        // Where the other SCPs alone decide every root-session action, FullAWSAccess cannot change a verdict: not asked.
        if (decidedWithoutFullAccess(target, place)) return;
        const attached = await limit(() => organizations.policiesForTarget(target, "SERVICE_CONTROL_POLICY"));
        if (attached.some((p) => p.id === scpFull)) attach(target, scpFull);
      }),
    );
    // Every OU and account is a key of parents.
    for (const id of [rootId, ...parents.keys()]) {
      if (!withOthers.has(id)) attach(id, scpFull);
    }
  }
  const rcpFull = fullAccess.get("RESOURCE_CONTROL_POLICY");
  if (rcpFull) for (const id of [rootId, ...parents.keys()]) attach(id, rcpFull);
  // What every unlisted account under the root has: the full-access policies, as every entity does.
  const unlistedAttachments = [scpFull, rcpFull].filter((id): id is string => id !== undefined);

  return {
    organizationId: organization.id,
    managementAccountId: organization.managementAccountId,
    partition: options.partition,
    region: options.region,
    rootId,
    enabledPolicyTypes,
    parents,
    organizationalUnits,
    accounts,
    policies,
    attachments,
    caller: options.caller,
    ...(unlisted ? { unlistedUnderRoot: { attachments: unlistedAttachments } } : {}),
  };
}

/** The paths of a few accounts (ListParents up to the root) and the policies on them (ListPoliciesForTarget per level, DescribePolicy per policy). */
async function loadPaths(
  organizations: OrganizationsPort,
  accountIds: readonly string[],
  rootId: string,
  types: readonly PolicyType[],
  limit: ReturnType<typeof pLimit>,
): Promise<Pick<OrganizationSnapshot, "parents" | "organizationalUnits" | "accounts" | "policies" | "attachments">> {
  const parents = new Map<string, string>();
  const attachments = new Map<string, string[]>();
  const policies = new Map<string, OrganizationPolicy>();
  if (types.length > 0) {
    await Promise.all(
      accountIds.map(async (id) => {
        let child = id;
        // An OU tree is at most five levels deep.
        for (let depth = 0; depth < 7 && child !== rootId; depth++) {
          let parent = parents.get(child);
          try {
            parent ??= await limit(() => organizations.parentOf(child));
          } catch (err) {
            // Not a member: the workflow refuses it by itself; its prediction is unknown.
            if (err instanceof AwsError && NOT_FOUND.has(err.code)) return;
            throw err;
          }
          parents.set(child, parent);
          child = parent;
        }
      }),
    );
  }
  const levels = new Set([...parents.keys(), ...parents.values()]);
  const summaries = new Map<string, OrganizationPolicySummary>();
  await Promise.all(
    [...levels].flatMap((target) =>
      types.map(async (type) => {
        const attached = await limit(() => organizations.policiesForTarget(target, type));
        attachments.set(target, [...(attachments.get(target) ?? []), ...attached.map((p) => p.id)]);
        for (const p of attached) summaries.set(p.id, p);
      }),
    ),
  );
  await Promise.all(
    [...summaries.values()].map(async (summary) => {
      const content = await limit(() => organizations.policyContent(summary.id));
      try {
        policies.set(summary.id, { id: summary.id, name: summary.name, type: summary.type, document: parsePolicy(content) });
      } catch (err) {
        policies.set(summary.id, { id: summary.id, name: summary.name, type: summary.type, parseError: (err as Error).message });
      }
    }),
  );
  return { parents, organizationalUnits: new Map(), accounts: [], policies, attachments };
}

/**
 * Do the SCPs known at this level (other than FullAWSAccess) definitely allow or explicitly deny
 * every root-session action, for every account under it? Judged on one account when those policies
 * judge every account alike (accountNeutral); otherwise the question is asked (false).
 */
function decidedWithoutFullAccess(
  target: string,
  o: {
    partition: string;
    organizationId: string;
    rootId: string;
    parents: ReadonlyMap<string, string>;
    accounts: readonly AccountSummary[];
    policies: ReadonlyMap<string, OrganizationPolicy>;
    attachments: ReadonlyMap<string, readonly string[]>;
    region?: string;
  },
): boolean {
  const docs = (o.attachments.get(target) ?? []).map((id) => o.policies.get(id)).filter((p) => p?.type === "SERVICE_CONTROL_POLICY");
  if (docs.some((p) => !p?.document || !accountNeutral(p.document))) return false;
  const pathOf = (id: string): string[] => {
    const path: string[] = [];
    for (let c = o.parents.get(id); c !== undefined && path.length < 10; c = c === o.rootId ? undefined : o.parents.get(c)) path.unshift(c);
    return path;
  };
  const sample = o.accounts.find((a) => a.id === target || pathOf(a.id).includes(target));
  if (!sample) return false;
  const place = { partition: o.partition, organizationId: o.organizationId, accountId: sample.id, parentIds: pathOf(sample.id), region: o.region };
  return ALL_TASK_ACTIONS.every((action) => {
    const ctx = rootSessionRequest(action, place);
    return docs.some((p) => {
      const d = evaluatePolicy(p!.document!, ctx);
      return d.deny !== undefined || d.allow !== undefined;
    });
  });
}

const NOT_FOUND = new Set(["ChildNotFoundException", "AccountNotFoundException"]);
const ACCESS_DENIED = new Set(["AccessDeniedException", "AccessDenied"]);

/** The one warning line for a caller that may not read the organization's policies. */
export function cannotReadPoliciesWarning(err: AwsError): string {
  if (ACCESS_DENIED.has(err.code)) {
    return (
      `warning: cannot read the organization's policies (${err.operation}: ${err.code}), so nothing predicts what SCPs and RCPs block: ` +
      `grant ${POLICY_READ_ACTIONS.join(", ")} (in the management account, or to this account through the Organizations delegation policy, ` +
      `organizations:PutResourcePolicy); going on without prediction`
    );
  }
  return `warning: cannot read the organization's policies (${err.message}); going on without prediction`;
}

/**
 * The predictor for this run (contract 3), or no predictor and one warning line when the caller may
 * not read the organization's policies (an IAM delegated administrator without Organizations policy
 * delegation): the command then goes on without prediction.
 */
export async function loadReadinessPredictor(
  deps: { organizations: OrganizationsPort },
  options: { partition: string } & Partial<LoadOptions>,
): Promise<{ predictor?: ReadinessPredictor; warning?: string }> {
  try {
    return { predictor: snapshotPredictor(await loadOrganizationSnapshot(deps.organizations, options)) };
  } catch (err) {
    if (err instanceof AwsError) return { warning: cannotReadPoliciesWarning(err) };
    throw err;
  }
}
