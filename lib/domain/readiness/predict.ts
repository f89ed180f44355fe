// Turns the organization's shape and policies (read once) into predictions per account and task:
// every call of the task judged against the SCPs on the account's path, and the resource actions
// (S3, SQS, STS) against the RCPs too.
import { TaskPolicy } from "../../aws-constants";
import type { AccountSummary } from "../ports";
import { AttachedPolicy, evaluatePath, PathDecision, PolicyDocument, PolicyLevel } from "./evaluate-policy";
import type { BlockingStatement, PolicyType, ReadinessPredictor, TaskPrediction, Verdict } from "./prediction";
import { AccountPlace, AssumeRootCaller, assumeRootRequest, PER_INPUT_ACTIONS, RCP_SERVICES, rootSessionRequest, taskActions } from "./root-session-requests";
import type { RequestContext } from "./request-context";

/** A policy as read from the organization: its document, or why it could not be parsed. */
export interface OrganizationPolicy {
  readonly id: string;
  readonly name: string;
  readonly type: PolicyType;
  readonly document?: PolicyDocument;
  readonly parseError?: string;
}

/** Everything a prediction needs, read once per run. */
export interface OrganizationSnapshot {
  readonly organizationId: string;
  readonly managementAccountId: string;
  readonly partition: string;
  /** The region root sessions are opened in. */
  readonly region?: string;
  readonly rootId: string;
  /** The policy types enabled on the root: a type not enabled limits nothing. */
  readonly enabledPolicyTypes: readonly PolicyType[];
  /** Child (OU or account) -> parent (OU or root). */
  readonly parents: ReadonlyMap<string, string>;
  /** OU ID -> name. */
  readonly organizationalUnits: ReadonlyMap<string, string>;
  readonly accounts: readonly AccountSummary[];
  readonly policies: ReadonlyMap<string, OrganizationPolicy>;
  /** Target (root, OU or account) -> the IDs of every policy attached to it, of both types. */
  readonly attachments: ReadonlyMap<string, readonly string[]>;
  /** Who opens the root sessions (STS resource control policies see it). */
  readonly caller?: AssumeRootCaller;
  /**
   * Set when the root's accounts were not listed (the accounts asked about are members): an
   * account in no OU sits under the root, with these policies attached (the full-access ones).
   */
  readonly unlistedUnderRoot?: { readonly attachments: readonly string[] };
}

/** Is `id` an account the snapshot places under the root without having listed it? */
function unlistedMember(snapshot: OrganizationSnapshot, id: string): boolean {
  return snapshot.unlistedUnderRoot !== undefined && id !== snapshot.rootId && !snapshot.parents.has(id) && !snapshot.organizationalUnits.has(id);
}

/** The policies attached to a target (root, OU or account). */
function attachmentsOf(snapshot: OrganizationSnapshot, id: string): readonly string[] {
  return snapshot.attachments.get(id) ?? (unlistedMember(snapshot, id) ? snapshot.unlistedUnderRoot!.attachments : []);
}

/** The root, then each OU down to the account's parent; undefined when the account is not in the tree. */
export function parentPath(snapshot: OrganizationSnapshot, id: string): string[] | undefined {
  const path: string[] = [];
  let current = snapshot.parents.get(id) ?? (unlistedMember(snapshot, id) ? snapshot.rootId : undefined);
  for (let depth = 0; current !== undefined && depth < 10; depth++) {
    path.unshift(current);
    if (current === snapshot.rootId) return path;
    current = snapshot.parents.get(current);
  }
  return undefined;
}

/** OU names from the root down, e.g. "Root/Workloads/Prod". */
export function ouPathOf(snapshot: OrganizationSnapshot, accountId: string): string {
  const path = parentPath(snapshot, accountId) ?? [];
  return path.map((id) => (id === snapshot.rootId ? "Root" : (snapshot.organizationalUnits.get(id) ?? id))).join("/");
}

interface ActionOutcome {
  readonly action: string;
  readonly type: PolicyType;
  readonly decision: PathDecision;
}

function levelsOf(snapshot: OrganizationSnapshot, targets: readonly string[], type: PolicyType): PolicyLevel[] | { unknown: string } {
  const levels: PolicyLevel[] = [];
  for (const targetId of targets) {
    const policies: AttachedPolicy[] = [];
    for (const id of attachmentsOf(snapshot, targetId)) {
      const p = snapshot.policies.get(id);
      if (!p || p.type !== type) continue;
      if (!p.document) return { unknown: `the ${POLICY_TYPE_WORDS[type]} ${p.id} (${p.name}) could not be read as a policy: ${p.parseError}` };
      policies.push({ id: p.id, name: p.name, document: p.document });
    }
    levels.push({ targetId, policies });
  }
  return levels;
}

/** The policy types in AWS's words, as its denial messages name them. */
export const POLICY_TYPE_WORDS: Record<PolicyType, string> = {
  SERVICE_CONTROL_POLICY: "service control policy",
  RESOURCE_CONTROL_POLICY: "resource control policy",
};

/** Predicts one task in one account. */
export function predictTask(snapshot: OrganizationSnapshot, accountId: string, taskPolicy: TaskPolicy): TaskPrediction {
  const parents = parentPath(snapshot, accountId);
  if (accountId === snapshot.managementAccountId) {
    return {
      taskPolicy,
      verdict: "unknown",
      blockedBy: [],
      deniedActions: [],
      reason: `${accountId} is the management account: root sessions cannot target it`,
    };
  }
  // No SCPs or RCPs enabled: nothing limits root sessions.
  if (snapshot.enabledPolicyTypes.length === 0) return { taskPolicy, verdict: "ready", blockedBy: [], deniedActions: [] };
  if (!parents) {
    return { taskPolicy, verdict: "unknown", blockedBy: [], deniedActions: [], reason: `${accountId} is not in the organization's tree as read` };
  }
  const place: AccountPlace = {
    partition: snapshot.partition,
    organizationId: snapshot.organizationId,
    accountId,
    parentIds: parents,
    region: snapshot.region,
  };
  const path = [...parents, accountId];
  const outcomes: ActionOutcome[] = [];
  const judge = (action: string, type: PolicyType, ctx: RequestContext): string | undefined => {
    if (!snapshot.enabledPolicyTypes.includes(type)) return undefined;
    const levels = levelsOf(snapshot, path, type);
    if (!Array.isArray(levels)) return levels.unknown;
    // RCPs only deny: RCPFullAWSAccess is attached to every entity and cannot be detached.
    outcomes.push({ action, type, decision: evaluatePath(levels, ctx, { denyOnly: type === "RESOURCE_CONTROL_POLICY" }) });
    return undefined;
  };
  const unreadable: string[] = [];
  for (const action of taskActions(taskPolicy)) {
    const ctx = rootSessionRequest(action, place);
    const problem = judge(action, "SERVICE_CONTROL_POLICY", ctx);
    if (problem) unreadable.push(problem);
    if ((RCP_SERVICES as readonly string[]).includes(action.split(":")[0])) {
      const rcpProblem = judge(action, "RESOURCE_CONTROL_POLICY", ctx);
      if (rcpProblem) unreadable.push(rcpProblem);
    }
  }
  // The session itself: sts:AssumeRoot on the account's root is an STS resource the account's RCPs protect.
  const stsProblem = judge("sts:AssumeRoot", "RESOURCE_CONTROL_POLICY", assumeRootRequest(place, snapshot.caller));
  if (stsProblem) unreadable.push(stsProblem);
  return verdictOf(taskPolicy, outcomes, unreadable);
}

function verdictOf(taskPolicy: TaskPolicy, outcomes: readonly ActionOutcome[], unreadable: readonly string[]): TaskPrediction {
  const denied = outcomes.filter((o) => o.decision.decision === "denied");
  const deniedActions = [...new Set(denied.map((o) => o.action))];
  const blockedBy = blockingStatements(denied);
  const perInput = PER_INPUT_ACTIONS[taskPolicy];
  const essentialDenied = deniedActions.some((a) => !perInput?.actions.includes(a));
  const allPerInputDenied = perInput !== undefined && perInput.blockedWhenAllDenied && perInput.actions.every((a) => deniedActions.includes(a));
  const unknown = outcomes.find((o) => o.decision.decision === "unknown");
  let verdict: Verdict;
  let reason: string | undefined;
  if (essentialDenied || allPerInputDenied) verdict = "blocked";
  else if (unreadable.length > 0) [verdict, reason] = ["unknown", unreadable[0]];
  else if (unknown && unknown.decision.decision === "unknown") {
    const d = unknown.decision;
    verdict = "unknown";
    reason = `${unknown.action}: statement ${d.statement.sid ?? `#${d.statement.index}`} of the ${POLICY_TYPE_WORDS[unknown.type]} ${d.policy.id} (${d.policy.name}) on ${d.targetId} applies or not as ${d.reason}`;
  } else verdict = deniedActions.length > 0 ? "partial" : "ready";
  return { taskPolicy, verdict, blockedBy, deniedActions, ...(reason ? { reason } : {}) };
}

/** One entry per statement (or per policy lacking an allow), with the task's actions it denies. */
function blockingStatements(denied: readonly ActionOutcome[]): BlockingStatement[] {
  const byKey = new Map<string, BlockingStatement & { actions: string[] }>();
  const add = (entry: Omit<BlockingStatement, "actions">, action: string) => {
    const key = `${entry.policyType}|${entry.policyId}|${entry.targetId}|${entry.statementIndex}|${entry.kind}`;
    const found = byKey.get(key);
    if (found) {
      if (!found.actions.includes(action)) found.actions.push(action);
    } else byKey.set(key, { ...entry, actions: [action] });
  };
  for (const { action, type, decision: d } of denied) {
    if (d.decision !== "denied") continue;
    if (d.kind === "explicit") {
      add(
        {
          policyId: d.policy.id,
          policyName: d.policy.name,
          policyType: type,
          targetId: d.targetId,
          ...(d.statement.sid ? { statementSid: d.statement.sid } : {}),
          statementIndex: d.statement.index,
          kind: "explicit",
        },
        action,
      );
    } else {
      const policies = d.policies.length > 0 ? d.policies : [{ id: "", name: "(no policy attached)" }];
      for (const p of policies)
        add({ policyId: p.id, policyName: p.name, policyType: type, targetId: d.targetId, statementIndex: -1, kind: "implicit" }, action);
    }
  }
  return [...byKey.values()];
}

/**
 * Does the policy judge every account alike? True when it names no account (no digit), no org path
 * and no policy variable: then accounts under the same OUs get the same decisions.
 */
export function accountNeutral(doc: PolicyDocument): boolean {
  const text = JSON.stringify(doc.Statement);
  return !/\d/.test(text) && !/orgpaths/i.test(text) && !text.includes("${");
}

function allowsEverything(doc: PolicyDocument): boolean {
  const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  return statements.every(
    (st) => st.Effect === "Allow" && st.Action === "*" && st.Condition === undefined && (st.Resource === undefined || st.Resource === "*"),
  );
}

/**
 * A predictor over a snapshot: every prediction is computed from what was read, no call per account.
 * Accounts under the same OUs whose policies judge every account alike (and with only an allow-all
 * policy on the account itself) share one computation per task: 10,000 accounts cost a few hundred.
 */
export function snapshotPredictor(snapshot: OrganizationSnapshot): ReadinessPredictor & { readonly snapshot: OrganizationSnapshot } {
  const cache = new Map<string, TaskPrediction>();
  const neutral = new Map<string, boolean>();
  const isNeutral = (id: string, accountLevel: boolean): boolean => {
    const key = `${accountLevel}|${id}`;
    let v = neutral.get(key);
    if (v === undefined) {
      const doc = snapshot.policies.get(id)?.document;
      v = doc !== undefined && (accountLevel ? allowsEverything(doc) : accountNeutral(doc));
      neutral.set(key, v);
    }
    return v;
  };
  const sharedKey = (accountId: string, taskPolicy: TaskPolicy): string | undefined => {
    const parents = parentPath(snapshot, accountId);
    if (!parents || accountId === snapshot.managementAccountId) return undefined;
    const own = attachmentsOf(snapshot, accountId);
    if (own.length === 0 || !own.every((id) => isNeutral(id, true))) return undefined;
    if (!parents.every((t) => attachmentsOf(snapshot, t).every((id) => isNeutral(id, false)))) return undefined;
    return `${parents.join("/")}|${[...own].sort().join(",")}|${taskPolicy}`;
  };
  return {
    snapshot,
    predict(accountId, taskPolicy) {
      const key = sharedKey(accountId, taskPolicy) ?? `${accountId}|${taskPolicy}`;
      let p = cache.get(key);
      if (!p) cache.set(key, (p = predictTask(snapshot, accountId, taskPolicy)));
      return p;
    },
  };
}
