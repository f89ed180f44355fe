// Deletes member accounts' root credentials: audit (plan), confirm, delete item by item, audit again.
// Each root session is opened for one step and closed: none is held across the confirmation.
import { COMMAND_TASK_POLICY, CREDENTIAL_KINDS, CredentialKind, TaskPolicy } from "../../aws-constants";
import { credentialItems, errorInfo } from "../credentials";
import { ActionLogPort, Confirm, CredentialItem, ErrorInfo } from "../ports";
import { gate, preflight, PrivilegedDeps } from "./preflight";

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
}

export interface DeletionInput {
  readonly accountIds: readonly string[];
  /** @default - every kind */
  readonly only?: readonly CredentialKind[];
}

export type DeletionOutcome =
  | { readonly decision: "dry-run"; readonly plans: AccountPlan[] }
  | { readonly decision: "done"; readonly plans: AccountPlan[]; readonly results: AccountDeletion[]; readonly failed: boolean };

export async function deleteRootCredentials(deps: PrivilegedDeps, input: DeletionInput, confirm: Confirm<AccountPlan[]>): Promise<DeletionOutcome> {
  const only = input.only ?? CREDENTIAL_KINDS;
  const { caller } = await preflight(deps.organizations, input.accountIds);
  const log = deps.actionLog(caller);
  const plans = await Promise.all(input.accountIds.map((id) => planAccount(deps, id, only)));
  confirm.show(plans);
  const actionable = plans.filter((p) => !p.error && p.items.length > 0).map((p) => p.accountId);
  // Nothing to delete: nothing is asked.
  if (actionable.length > 0 && !(await gate(confirm, log, `Delete these root credentials in ${actionable.join(", ")}?`, actionable))) {
    return { decision: "dry-run", plans };
  }
  const results = await Promise.all(plans.map((p) => executeAccount(deps, p, only, log)));
  const failed = results.some((r) => r.error || r.remaining.length > 0 || r.items.some((i) => i.result === "failed"));
  return { decision: "done", plans, results, failed };
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

/** Deletes the planned items in one fresh delete session and audits again in it (the delete task policy allows the reads). */
async function executeAccount(deps: PrivilegedDeps, plan: AccountPlan, only: readonly CredentialKind[], log: ActionLogPort): Promise<AccountDeletion> {
  const { accountId } = plan;
  if (plan.error) return { accountId, items: [], remaining: [], error: plan.error };
  if (plan.items.length === 0) return { accountId, items: [], remaining: [] };
  const results: AccountDeletion["items"][number][] = [];
  try {
    return await deps.rootSessions.withRootSession(accountId, DELETE_TASK_POLICY, async (session) => {
      // One at a time: a handful of items, and the log reads in the order things happened.
      for (const item of plan.items) {
        const action = `delete-${item.kind.replace(/s$/, "")}`;
        try {
          const result = await session.deleteCredential(item);
          results.push({ ...item, result });
          log.write({ account: accountId, taskPolicy: DELETE_TASK_POLICY, action, target: item.id, result });
        } catch (err) {
          const error = errorInfo(err);
          results.push({ ...item, result: "failed", error });
          log.write({ account: accountId, taskPolicy: DELETE_TASK_POLICY, action, target: item.id, result: "failed", error });
        }
      }
      try {
        return { accountId, items: results, remaining: credentialItems(await session.readRootCredentials(), only) };
      } catch (err) {
        // Without a final audit nothing is known to be gone: report the account as failed.
        return { accountId, items: results, remaining: [], error: errorInfo(err) };
      }
    });
  } catch (err) {
    // The delete session could not be opened: nothing was deleted.
    const error = errorInfo(err);
    log.write({ account: accountId, taskPolicy: DELETE_TASK_POLICY, action: "assume-root", result: "failed", error });
    return { accountId, items: plan.items.map((i) => ({ ...i, result: "failed" as const, error })), remaining: plan.items, error };
  }
}
