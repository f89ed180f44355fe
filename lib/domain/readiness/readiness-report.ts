// `root-access readiness`: per ACTIVE member account and task policy, what the organization's SCPs
// and RCPs would do to a root session, without opening one; the policies blocking the most accounts
// first, each with what to change. Plain data (JSON field names are a contract): renderers plug in.
import { TASK_POLICIES, TaskPolicy } from "../../aws-constants";
import { usageError } from "../../errors";
import type { OrganizationsPort } from "../ports";
import { PolicyStatement, statementsOf } from "./evaluate-policy";
import { loadOrganizationSnapshot, LoadOptions } from "./load-predictor";
import { OrganizationSnapshot, ouPathOf, parentPath, POLICY_TYPE_WORDS, snapshotPredictor } from "./predict";
import type { BlockingStatement, PolicyType, TaskPrediction, Verdict } from "./prediction";

export const VERDICTS: readonly Verdict[] = ["ready", "blocked", "partial", "unknown"];

export interface TaskReadiness {
  readonly taskPolicy: TaskPolicy;
  readonly verdict: Verdict;
  readonly blockedBy: readonly BlockingStatement[];
  /** The task's actions predicted denied. */
  readonly deniedActions: readonly string[];
  /** Why the verdict is unknown. */
  readonly reason?: string;
}

export interface AccountReadiness {
  readonly accountId: string;
  readonly name: string;
  /** OU names from the root down, e.g. "Root/Workloads/Prod". */
  readonly ouPath: string;
  readonly tasks: readonly TaskReadiness[];
}

/** A statement (or a policy lacking an allow) that blocks root sessions somewhere, with what to change. */
export interface BlockingPolicy {
  readonly policyId: string;
  readonly policyName: string;
  readonly policyType: PolicyType;
  readonly targetId: string;
  readonly statementSid?: string;
  readonly statementIndex: number;
  readonly kind: "explicit" | "implicit";
  /** Accounts where it blocks (or partly blocks) at least one task. */
  readonly accounts: number;
  readonly taskPolicies: readonly TaskPolicy[];
  readonly actions: readonly string[];
  /** What to change, in one sentence. */
  readonly change: string;
}

export interface ReadinessSummary {
  readonly accounts: number;
  readonly ready: number;
  readonly blocked: number;
  readonly partial: number;
  readonly unknown: number;
  /** The policies blocking the most accounts first. */
  readonly blockingPolicies: readonly BlockingPolicy[];
}

export interface ReadinessReport {
  readonly organizationId: string;
  readonly generatedAt: string;
  readonly accounts: readonly AccountReadiness[];
  readonly summary: ReadinessSummary;
}

export interface ReadinessOptions extends LoadOptions {
  /** Only these accounts. @default - every ACTIVE member account */
  readonly accountIds?: readonly string[];
  /** Only accounts under this OU or root, recursively. */
  readonly organizationalUnitId?: string;
  /** @default - all five task policies */
  readonly taskPolicies?: readonly TaskPolicy[];
}

export async function readiness(deps: { organizations: OrganizationsPort; now?: () => Date }, options: ReadinessOptions): Promise<ReadinessReport> {
  // The whole tree: the report names each account's OU path (--accounts selects from it).
  const snapshot = await loadOrganizationSnapshot(deps.organizations, { ...options, accountIds: undefined });
  const tasks = options.taskPolicies ?? TASK_POLICIES;
  const predictor = snapshotPredictor(snapshot);
  const accounts = selectAccounts(snapshot, options).map((a): AccountReadiness => {
    const predictions = tasks.map((t) => toTask(predictor.predict(a.id, t)));
    return { accountId: a.id, name: a.name, ouPath: ouPathOf(snapshot, a.id), tasks: predictions };
  });
  const cells = accounts.flatMap((a) => a.tasks);
  const count = (v: Verdict) => cells.filter((c) => c.verdict === v).length;
  return {
    organizationId: snapshot.organizationId,
    generatedAt: (deps.now?.() ?? new Date()).toISOString(),
    accounts,
    summary: {
      accounts: accounts.length,
      ready: count("ready"),
      blocked: count("blocked"),
      partial: count("partial"),
      unknown: count("unknown"),
      blockingPolicies: rankBlockingPolicies(snapshot, accounts),
    },
  };
}

function toTask(p: TaskPrediction): TaskReadiness {
  return { taskPolicy: p.taskPolicy, verdict: p.verdict, blockedBy: p.blockedBy, deniedActions: p.deniedActions, ...(p.reason ? { reason: p.reason } : {}) };
}

/** ACTIVE member accounts, as selected; a selection naming anything else is refused before any prediction. */
function selectAccounts(snapshot: OrganizationSnapshot, options: ReadinessOptions) {
  const members = snapshot.accounts.filter((a) => a.id !== snapshot.managementAccountId);
  if (options.accountIds) {
    return options.accountIds.map((id) => {
      if (id === snapshot.managementAccountId)
        throw usageError(`--accounts: ${id} is the management account: SCPs and RCPs do not apply to it and root sessions cannot target it`);
      const account = snapshot.accounts.find((a) => a.id === id);
      if (!account) throw usageError(`--accounts: ${id} is not a member account of the organization ${snapshot.organizationId}`);
      if (account.state !== "ACTIVE") throw usageError(`--accounts: ${id} (${account.name}) is ${account.state}: only ACTIVE accounts can have root sessions`);
      return account;
    });
  }
  const active = members.filter((a) => a.state === "ACTIVE");
  const ou = options.organizationalUnitId;
  if (!ou || ou === snapshot.rootId) {
    if (ou && ou !== snapshot.rootId) throw usageError(`--ou: ${ou} is not a root or OU of the organization ${snapshot.organizationId}`);
    return active;
  }
  if (!snapshot.organizationalUnits.has(ou)) throw usageError(`--ou: ${ou} is not a root or OU of the organization ${snapshot.organizationId}`);
  return active.filter((a) => parentPath(snapshot, a.id)?.includes(ou));
}

function mentionsRootPrincipal(s: PolicyStatement): boolean {
  return /:root\b/i.test(JSON.stringify(s.Condition ?? {})) || /aws:principalarn/i.test(JSON.stringify(s.Condition ?? {}));
}

/** What to change so root sessions pass, in one sentence. */
export function changeFor(snapshot: OrganizationSnapshot, b: Omit<BlockingPolicy, "change" | "accounts">): string {
  const words = POLICY_TYPE_WORDS[b.policyType];
  const where =
    b.targetId === snapshot.rootId ? "the root" : snapshot.organizationalUnits.has(b.targetId) ? `the OU ${b.targetId}` : `the account ${b.targetId}`;
  const actions = b.actions.join(", ");
  if (b.kind === "implicit") {
    return `allow ${actions} at ${where}: the ${words} ${b.policyId} (${b.policyName}) attached there allows none of them (an allow-list that replaced FullAWSAccess); add them to its Allow statement or attach FullAWSAccess`;
  }
  const policy = snapshot.policies.get(b.policyId);
  const statement = policy?.document ? statementsOf(policy.document)[b.statementIndex] : undefined;
  const name = b.statementSid ? `"${b.statementSid}"` : `#${b.statementIndex}`;
  if (b.statementSid?.toUpperCase() === "GRRESTRICTROOTUSER" || /^aws-guardrails-/i.test(b.policyName)) {
    return `set the ExemptAssumeRoot parameter of Control Tower's restrict-root-user control on ${where} (its ${words} ${b.policyId} denies root sessions otherwise); do not edit the control's policy by hand`;
  }
  if (statement && mentionsRootPrincipal(statement)) {
    return `add "Null": {"aws:AssumedRoot": "true"} to the Condition of statement ${name} of the ${words} ${b.policyId} (${b.policyName}), so it keeps denying the root user but exempts centralized root sessions (AWS's own example does this)`;
  }
  return `exempt centralized root sessions from statement ${name} of the ${words} ${b.policyId} (${b.policyName}): add "Null": {"aws:AssumedRoot": "true"} to its Condition, or narrow it so it no longer matches ${actions}`;
}

function rankBlockingPolicies(snapshot: OrganizationSnapshot, accounts: readonly AccountReadiness[]): BlockingPolicy[] {
  const byKey = new Map<string, { entry: Omit<BlockingPolicy, "change" | "accounts">; accounts: Set<string>; tasks: Set<TaskPolicy>; actions: Set<string> }>();
  for (const a of accounts) {
    for (const t of a.tasks) {
      for (const b of t.blockedBy) {
        const key = `${b.policyType}|${b.policyId}|${b.targetId}|${b.statementIndex}|${b.kind}`;
        let found = byKey.get(key);
        if (!found) {
          const { actions: _actions, ...rest } = b;
          found = { entry: { ...rest, taskPolicies: [], actions: [] }, accounts: new Set(), tasks: new Set(), actions: new Set() };
          byKey.set(key, found);
        }
        found.accounts.add(a.accountId);
        found.tasks.add(t.taskPolicy);
        for (const action of b.actions) found.actions.add(action);
      }
    }
  }
  return [...byKey.values()]
    .map(({ entry, accounts: who, tasks, actions }) => {
      const e = { ...entry, taskPolicies: TASK_POLICIES.filter((t) => tasks.has(t)), actions: [...actions] };
      return { ...e, accounts: who.size, change: changeFor(snapshot, e) };
    })
    .sort((x, y) => y.accounts - x.accounts || x.policyId.localeCompare(y.policyId) || x.statementIndex - y.statementIndex);
}
