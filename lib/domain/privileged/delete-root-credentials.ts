// Deletes member accounts' root credentials: audit (plan), confirm, delete item by item, audit again.
// Each root session is opened for one step and closed: none is held across the confirmation.
import { COMMAND_TASK_POLICY, CREDENTIAL_KINDS, CredentialKind, TaskPolicy } from "../../aws-constants";
import { credentialItems, errorInfo } from "../credentials";
import { ActionLogPort, Confirm, CredentialItem, ErrorInfo, RootSessionCalls } from "../ports";
import { mapPool } from "../worker-pool";
import { gate, logged, preflight, PrivilegedDeps, UndoneStep } from "./preflight";

/**
 * Plan and delete use the same task policy, which allows the audit reads too: a role granted only
 * IAMDeleteRootUserCredentials can run the whole command. Each step still opens its own session.
 */
export const DELETE_TASK_POLICY: TaskPolicy = COMMAND_TASK_POLICY["delete-root-credentials"];
export const PLAN_TASK_POLICY: TaskPolicy = DELETE_TASK_POLICY;

export interface AccountPlan {
  readonly accountId: string;
  /** What will be deleted (empty: nothing to do). */
  readonly items: CredentialItem[];
  /** The audit failed: nothing is deleted in this account. */
  readonly error?: ErrorInfo;
}

export type ItemResult = "deleted" | "already absent" | "failed";

export interface AccountDeletion {
  readonly accountId: string;
  readonly items: (CredentialItem & { readonly result: ItemResult; readonly error?: ErrorInfo })[];
  /** What the audit after deletion still found (of the selected kinds). */
  readonly remaining: CredentialItem[];
  /** Set when the account could not be audited or no delete session could be opened: reported as failed. */
  readonly error?: ErrorInfo;
  /** A stop (deps.signal) came first: `remaining` lists the items never sent, and nothing was audited after. */
  readonly stopped?: boolean;
}

/** Accounts planned or deleted at once (the same bound as audit's default). */
export const DELETE_CONCURRENCY = 32;

export interface DeletionInput {
  readonly accountIds: readonly string[];
  /** @default 32 */
  readonly concurrency?: number;
  /** @default - every kind */
  readonly only?: readonly CredentialKind[];
}

export type DeletionOutcome =
  | { readonly decision: "dry-run"; readonly plans: AccountPlan[] }
  /** Stopped (input.signal) before the question: nothing was changed. */
  | { readonly decision: "stopped"; readonly plans: AccountPlan[] }
  | {
      readonly decision: "done";
      readonly plans: AccountPlan[];
      readonly results: AccountDeletion[];
      readonly failed: boolean;
      /** What a stop (deps.signal) left undone: never sent. Empty when the run finished. */
      readonly undone: UndoneStep[];
    };

export async function deleteRootCredentials(deps: PrivilegedDeps, input: DeletionInput, confirm: Confirm<AccountPlan[]>): Promise<DeletionOutcome> {
  const only = input.only ?? CREDENTIAL_KINDS;
  const { caller } = await preflight(deps.organizations, input.accountIds);
  const log = deps.actionLog(caller);
  // A bounded pool (the root sessions are paced by the shared AssumeRoot limiter): thousands of accounts never mean thousands of promises.
  const concurrency = input.concurrency ?? DELETE_CONCURRENCY;
  const plans = await mapPool(input.accountIds, concurrency, (id) => planAccount(deps, id, only));
  // An account that could not be audited is in the log too: nothing is done there, and why.
  for (const p of plans) if (p.error) log.write({ account: p.accountId, taskPolicy: PLAN_TASK_POLICY, action: "plan", result: "failed", error: p.error });
  if (deps.signal?.aborted) return { decision: "stopped", plans };
  confirm.show(plans);
  const actionable = plans.filter((p) => !p.error && p.items.length > 0);
  // Nothing to delete: nothing is asked.
  if (
    actionable.length > 0 &&
    !(await gate(
      confirm,
      log,
      deletionQuestion(actionable),
      actionable.map((p) => p.accountId),
    ))
  ) {
    return { decision: "dry-run", plans };
  }
  if (deps.signal?.aborted) return { decision: "stopped", plans };
  const undone: UndoneStep[] = [];
  const results = await mapPool(plans, concurrency, (p) => executeAccount(deps, p, only, log, undone));
  const failed = results.some((r) => r.error || r.stopped || r.remaining.length > 0 || r.items.some((i) => i.result === "failed"));
  return { decision: "done", plans, results, failed, undone };
}

const deleteAction = (item: CredentialItem) => `delete-${item.kind.replace(/s$/, "")}`;

/** The question names a count and where the list is; account IDs only when there are few. */
export function deletionQuestion(actionable: readonly AccountPlan[]): string {
  const items = actionable.reduce((n, p) => n + p.items.length, 0);
  const where = actionable.length <= 3 ? actionable.map((p) => p.accountId).join(", ") : `${actionable.length} accounts`;
  return `Delete ${items} root credential item${items === 1 ? "" : "s"} in ${where} (the plan above)?`;
}

/** Audits one account and lists what would be deleted; a failed audit plans nothing. */
async function planAccount(deps: PrivilegedDeps, accountId: string, only: readonly CredentialKind[]): Promise<AccountPlan> {
  try {
    const credentials = await deps.rootSessions.withRootSession(accountId, PLAN_TASK_POLICY, (s) => s.readRootCredentials());
    return { accountId, items: credentialItems(credentials, only) };
  } catch (err) {
    return { accountId, items: [], error: errorInfo(err) };
  }
}

/**
 * Deletes one item in a delete session (MFA devices deactivated, then deleted when virtual),
 * logged before it is sent and after; an AWS error is a result.
 */
export async function deleteLoggedItem(
  session: RootSessionCalls,
  item: CredentialItem,
  log: ActionLogPort,
): Promise<{ result: ItemResult; error?: ErrorInfo }> {
  const entry = { account: session.accountId, taskPolicy: DELETE_TASK_POLICY, action: deleteAction(item), target: item.id };
  try {
    const result = await logged(
      log,
      entry,
      () => session.deleteCredential(item),
      (r) => r,
    );
    return { result };
  } catch (err) {
    return { result: "failed", error: errorInfo(err) };
  }
}

/**
 * Deletes the planned items in one fresh delete session and audits again in it (the delete task
 * policy allows the reads). Every delete is logged before it is sent and after; after a stop,
 * the items not yet sent are left undone (and listed), and the final audit is skipped.
 */
async function executeAccount(
  deps: PrivilegedDeps,
  plan: AccountPlan,
  only: readonly CredentialKind[],
  log: ActionLogPort,
  undone: UndoneStep[],
): Promise<AccountDeletion> {
  const { accountId } = plan;
  if (plan.error) return { accountId, items: [], remaining: [], error: plan.error };
  if (plan.items.length === 0) return { accountId, items: [], remaining: [] };
  const leaveUndone = (items: readonly CredentialItem[]) => {
    for (const item of items) undone.push({ accountId, action: deleteAction(item), target: item.id });
  };
  if (deps.signal?.aborted) {
    leaveUndone(plan.items);
    return { accountId, items: [], remaining: plan.items, stopped: true };
  }
  const results: AccountDeletion["items"][number][] = [];
  try {
    return await deps.rootSessions.withRootSession(accountId, DELETE_TASK_POLICY, async (session) => {
      // One at a time: a handful of items, and the log reads in the order things happened.
      for (const [n, item] of plan.items.entries()) {
        if (deps.signal?.aborted) {
          leaveUndone(plan.items.slice(n));
          return { accountId, items: results, remaining: plan.items.slice(n), stopped: true };
        }
        results.push({ ...item, ...(await deleteLoggedItem(session, item, log)) });
      }
      if (deps.signal?.aborted) return { accountId, items: results, remaining: [], stopped: true };
      return verify(session, accountId, results, only, log);
    });
  } catch (err) {
    // The delete session could not be opened: nothing was deleted.
    const error = errorInfo(err);
    log.write({ account: accountId, taskPolicy: DELETE_TASK_POLICY, action: "assume-root", result: "failed", error });
    return { accountId, items: plan.items.map((i) => ({ ...i, result: "failed" as const, error })), remaining: plan.items, error };
  }
}

/** The audit after deleting, logged: an item reported deleted but still there is logged (and reported) as failed. */
async function verify(
  session: RootSessionCalls,
  accountId: string,
  results: AccountDeletion["items"][number][],
  only: readonly CredentialKind[],
  log: ActionLogPort,
): Promise<AccountDeletion> {
  const entry = { account: accountId, taskPolicy: DELETE_TASK_POLICY, action: "verify" };
  let remaining: CredentialItem[];
  try {
    remaining = credentialItems(await session.readRootCredentials(), only);
  } catch (err) {
    // Without a final audit nothing is known to be gone: report the account as failed.
    const error = errorInfo(err);
    log.write({ ...entry, result: "failed", error });
    return { accountId, items: results, remaining: [], error };
  }
  for (const item of remaining) log.write({ ...entry, target: item.id, result: "still present" });
  if (remaining.length === 0) log.write({ ...entry, result: "none left" });
  const still = new Set(remaining.map((i) => `${i.kind}:${i.id}`));
  const checked = results.map((r) =>
    r.result !== "failed" && still.has(`${r.kind}:${r.id}`)
      ? { ...r, result: "failed" as const, error: { code: "StillPresent", message: `${r.id} is still there after it was deleted` } }
      : r,
  );
  return { accountId, items: checked, remaining };
}
