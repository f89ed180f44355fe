// `remediate apply`: deletes exactly the reviewed plan's items still present, account by account in
// a bounded pool, with a journal line before and after every step so a rerun resumes: finished
// accounts are skipped, an interrupted one is read again and finished. Nothing outside the plan is
// touched: items that appeared since are reported "new since plan".
import { CredentialKind, FEATURES } from "../../aws-constants";
import { refused, usageError } from "../../errors";
import { credentialItems, errorInfo } from "../credentials";
import type { ActionLogPort, Confirm, CredentialItem, ErrorInfo, RootSessionCalls } from "../ports";
import { deleteLoggedItem } from "../privileged/delete-root-credentials";
import { gate, PrivilegedDeps } from "../privileged/preflight";
import { runPool } from "../worker-pool";
import { PlanAccount, REMEDIATION_TASK_POLICY, RemediationPlan } from "./plan";

export const APPLY_ITEM_RESULTS = ["deleted", "already absent", "failed", "new since plan", "held back", "not done"] as const;
export type ApplyItemResult = (typeof APPLY_ITEM_RESULTS)[number];

export const APPLY_ACCOUNT_STATUSES = ["done", "nothing to do", "held back", "new since plan", "blocked", "error", "failed", "interrupted"] as const;
export type ApplyAccountStatus = (typeof APPLY_ACCOUNT_STATUSES)[number];

export interface ApplyItem {
  readonly kind: CredentialKind;
  readonly id: string | null;
  readonly result: ApplyItemResult;
  readonly error?: ErrorInfo;
}

/** One planned account in the result (JSON keys are a contract). */
export interface ApplyAccount {
  readonly accountId: string;
  readonly status: ApplyAccountStatus;
  readonly items: ApplyItem[];
  /** Why the account is blocked, errored or failed. */
  readonly reason?: string;
  /** True when this run took the account's result from the journal of an earlier run. */
  readonly resumed?: boolean;
}

export interface ApplySummary {
  readonly accounts: number;
  readonly byStatus: Partial<Record<ApplyAccountStatus, number>>;
  readonly items: Partial<Record<ApplyItemResult, number>>;
}

export interface ApplyResult {
  readonly accounts: ApplyAccount[];
  readonly summary: ApplySummary;
}

/** A journal line (the CLI adds the time). Kept small: an account's outcome is enough to skip it on resume. */
export type JournalRecord =
  | { readonly type: "account-start"; readonly accountId: string }
  | { readonly type: "read"; readonly accountId: string; readonly present: string[] }
  | { readonly type: "attempt"; readonly accountId: string; readonly kind: CredentialKind; readonly id: string | null }
  | {
      readonly type: "outcome";
      readonly accountId: string;
      readonly kind: CredentialKind;
      readonly id: string | null;
      readonly result: string;
      readonly error?: ErrorInfo;
    }
  | { readonly type: "account-done"; readonly accountId: string; readonly status: ApplyAccountStatus; readonly items: ApplyItem[]; readonly reason?: string };

export interface JournalPort {
  append(record: JournalRecord): void;
}

/** What the person is shown before the question. */
export interface ApplyPreview {
  readonly plan: RemediationPlan;
  /** Accounts already finished by an earlier run of this plan (skipped now). */
  readonly finished: number;
  readonly accountsToDo: number;
  readonly itemsToDo: number;
}

export interface ApplyInput {
  readonly plan: RemediationPlan;
  /** How the question names the plan (its file). */
  readonly planName: string;
  /** The journal of earlier runs of this plan, oldest first. */
  readonly previous: readonly JournalRecord[];
  readonly journal: JournalPort;
  readonly concurrency: number;
  /** Contract 2: once aborted no new account or item is started; calls in flight finish and are journaled. */
  readonly signal?: AbortSignal;
}

export interface ApplyProgress {
  readonly total: number;
  readonly done: number;
  readonly failed: number;
  /** The account just finished, for one line per account in logs. */
  readonly last?: ApplyAccount;
}

export type ApplyOutcome =
  | { readonly decision: "dry-run"; readonly preview: ApplyPreview }
  | { readonly decision: "done"; readonly preview: ApplyPreview; readonly result: ApplyResult; readonly interrupted: boolean };

export const itemKey = (kind: string, id: string | null | undefined): string => `${kind}:${id ?? ""}`;

/** What earlier runs of this plan finished, and which items they deleted. */
export function resumeState(previous: readonly JournalRecord[]): {
  finished: Map<string, Extract<JournalRecord, { type: "account-done" }>>;
  deleted: Set<string>;
} {
  const finished = new Map<string, Extract<JournalRecord, { type: "account-done" }>>();
  const deleted = new Set<string>();
  for (const r of previous) {
    if (r.type === "account-done") finished.set(r.accountId, r);
    if (r.type === "account-start") finished.delete(r.accountId);
    // An attempt without its outcome was cut off (kill -9): if the item is gone now, that attempt deleted it.
    if (r.type === "attempt") deleted.add(`${r.accountId} ${itemKey(r.kind, r.id)}`);
    if (r.type === "outcome" && r.result !== "deleted") deleted.delete(`${r.accountId} ${itemKey(r.kind, r.id)}`);
  }
  // A failed account is tried again: only what is settled is skipped.
  for (const [id, r] of finished) if (r.status === "failed" || r.status === "interrupted") finished.delete(id);
  return { finished, deleted };
}

/** Accounts where apply opens a session: something planned, not blocked, no plan-time error. */
const actionable = (a: PlanAccount) => !a.blocked && !a.error && a.items.length > 0;

export async function applyRemediationPlan(
  deps: PrivilegedDeps,
  input: ApplyInput,
  confirm: Confirm<ApplyPreview>,
  onProgress?: (p: ApplyProgress) => void,
): Promise<ApplyOutcome> {
  const { plan } = input;
  const [caller, organization, features] = await Promise.all([
    deps.organizations.callerIdentity(),
    deps.organizations.describeOrganization(),
    deps.organizations.organizationsFeatures(),
  ]);
  if (organization.id !== plan.organizationId) {
    throw usageError(`${input.planName}: organizationId: the plan is for ${plan.organizationId}, but these credentials are in ${organization.id}`);
  }
  if (!features.enabledFeatures.includes(FEATURES[1])) {
    throw refused(
      `${FEATURES[1]} is not enabled in the organization ${organization.id}: deleting root credentials needs root sessions; deploy the stack with it in features`,
    );
  }
  const { finished, deleted } = resumeState(input.previous);
  const todo = plan.accounts.filter((a) => actionable(a) && !finished.has(a.accountId));
  const preview: ApplyPreview = { plan, finished: finished.size, accountsToDo: todo.length, itemsToDo: todo.reduce((n, a) => n + a.items.length, 0) };
  confirm.show(preview);
  const log = deps.actionLog(caller);
  const ids = todo.map((a) => a.accountId);
  if (ids.length > 0) {
    const question = `Delete ${preview.itemsToDo} root credential items in ${ids.length} accounts, as planned in ${input.planName}?`;
    if (!(await gate(confirm, log, question, ids))) return { decision: "dry-run", preview };
  }

  const results = new Map<string, ApplyAccount>();
  let doneCount = 0;
  let failedCount = 0;
  const record = (a: ApplyAccount) => {
    results.set(a.accountId, a);
    doneCount += 1;
    if (a.status === "failed") failedCount += 1;
    onProgress?.({ total: todo.length, done: doneCount, failed: failedCount, last: a });
  };
  onProgress?.({ total: todo.length, done: 0, failed: 0 });
  await runPool(todo, async (account) => record(await applyAccount(deps, plan, account, deleted, input, log)), {
    concurrency: input.concurrency,
    signal: input.signal,
  });

  const accounts = plan.accounts.map((a) => results.get(a.accountId) ?? settledResult(a, finished.get(a.accountId)));
  const interrupted = Boolean(input.signal?.aborted) && accounts.some((a) => a.status === "interrupted");
  return { decision: "done", preview, result: { accounts, summary: summarizeApply(accounts) }, interrupted };
}

/** An account this run did not work on: finished earlier, nothing to do by the plan, or left undone. */
function settledResult(a: PlanAccount, earlier?: Extract<JournalRecord, { type: "account-done" }>): ApplyAccount {
  const heldBack = a.heldBack.map((h) => ({ kind: h.kind, id: h.id, result: "held back" as const }));
  if (earlier)
    return { accountId: a.accountId, status: earlier.status, items: earlier.items, ...(earlier.reason ? { reason: earlier.reason } : {}), resumed: true };
  if (a.blocked) return { accountId: a.accountId, status: "blocked", items: heldBack, reason: a.blocked.message };
  if (a.error) return { accountId: a.accountId, status: "error", items: [], reason: `the plan's audit failed: ${a.error.code}: ${a.error.message}` };
  if (a.items.length === 0) return { accountId: a.accountId, status: heldBack.length ? "held back" : "nothing to do", items: heldBack };
  return {
    accountId: a.accountId,
    status: "interrupted",
    items: [...a.items.map((i) => ({ kind: i.kind, id: i.id, result: "not done" as const })), ...heldBack],
  };
}

async function applyAccount(
  deps: PrivilegedDeps,
  plan: RemediationPlan,
  account: PlanAccount,
  deletedBefore: ReadonlySet<string>,
  input: ApplyInput,
  log: ActionLogPort,
): Promise<ApplyAccount> {
  const { accountId } = account;
  const journal = input.journal;
  const only = plan.selection.only;
  const heldBackKeys = new Set(account.heldBack.map((h) => itemKey(h.kind, h.id)));
  const plannedKeys = new Set(account.items.map((i) => itemKey(i.kind, i.id)));
  journal.append({ type: "account-start", accountId });
  const finish = (status: ApplyAccountStatus, items: ApplyItem[], reason?: string): ApplyAccount => {
    const result: ApplyAccount = { accountId, status, items, ...(reason ? { reason } : {}) };
    if (status !== "interrupted") journal.append({ type: "account-done", accountId, status, items, ...(reason ? { reason } : {}) });
    return result;
  };
  try {
    return await deps.rootSessions.withRootSession(accountId, REMEDIATION_TASK_POLICY, async (session) => {
      // A fresh read of the plan's kinds: the plan may be days old, and an earlier run may have deleted some of it.
      const first = credentialItems(await session.readRootCredentials(only), only);
      const present = new Set(first.map((i) => itemKey(i.kind, i.id)));
      journal.append({ type: "read", accountId, present: [...present] });
      const items: ApplyItem[] = [];
      for (const planned of account.items) {
        const key = itemKey(planned.kind, planned.id);
        if (!present.has(key)) {
          // Gone: deleted by an earlier run of this plan (journaled), or by someone else.
          items.push({ kind: planned.kind, id: planned.id, result: deletedBefore.has(`${accountId} ${key}`) ? "deleted" : "already absent" });
          continue;
        }
        if (input.signal?.aborted) {
          items.push({ kind: planned.kind, id: planned.id, result: "not done" });
          continue;
        }
        items.push(await deleteJournaled(session, accountId, planned, journal, log));
      }
      if (items.some((i) => i.result === "not done")) return finish("interrupted", items, "stopped by a signal before every item was deleted");
      // Verify with a second read in the same session, of the kinds a deletion was sent for (the others are
      // as the first read found them); anything there that nobody reviewed is left alone.
      const sent = new Set(account.items.filter((p) => present.has(itemKey(p.kind, p.id))).map((p) => p.kind));
      const reread = only.filter((k) => sent.has(k));
      const after = [
        ...first.filter((i) => !sent.has(i.kind)),
        ...(reread.length > 0 ? credentialItems(await session.readRootCredentials(reread), reread) : []),
      ];
      const afterKeys = new Set(after.map((i) => itemKey(i.kind, i.id)));
      const verified = items.map((i) =>
        i.result !== "failed" && afterKeys.has(itemKey(i.kind, i.id))
          ? { ...i, result: "failed" as const, error: { code: "StillPresent", message: "still there when read again after deletion" } }
          : i,
      );
      const extra = [...present, ...afterKeys].filter((k, n, all) => all.indexOf(k) === n && !plannedKeys.has(k) && !heldBackKeys.has(k));
      const newItems = after
        .filter((i) => extra.includes(itemKey(i.kind, i.id)))
        .map((i) => ({ kind: i.kind, id: i.id ?? null, result: "new since plan" as const }));
      const held = account.heldBack.filter((h) => afterKeys.has(itemKey(h.kind, h.id))).map((h) => ({ kind: h.kind, id: h.id, result: "held back" as const }));
      const all = [...verified, ...newItems, ...held];
      const status: ApplyAccountStatus = verified.some((i) => i.result === "failed")
        ? "failed"
        : newItems.length
          ? "new since plan"
          : held.length
            ? "held back"
            : "done";
      return finish(status, all);
    });
  } catch (err) {
    const error = errorInfo(err);
    log.write({ account: accountId, taskPolicy: REMEDIATION_TASK_POLICY, action: "remediate", result: "failed", error });
    return finish(
      "failed",
      account.items.map((i) => ({ kind: i.kind, id: i.id, result: "failed" as const, error })),
      `${error.code}: ${error.message}`,
    );
  }
}

/** One deletion: journaled before it is sent and after it returns, and logged in the action log. */
async function deleteJournaled(
  session: RootSessionCalls,
  accountId: string,
  planned: { kind: CredentialKind; id: string | null },
  journal: JournalPort,
  log: ActionLogPort,
): Promise<ApplyItem> {
  const item: CredentialItem = planned.id === null ? { kind: planned.kind } : { kind: planned.kind, id: planned.id };
  journal.append({ type: "attempt", accountId, kind: planned.kind, id: planned.id });
  // deleteLoggedItem writes the action log's attempt and outcome lines.
  const outcome = await deleteLoggedItem(session, item, log);
  journal.append({
    type: "outcome",
    accountId,
    kind: planned.kind,
    id: planned.id,
    result: outcome.result,
    ...(outcome.error ? { error: outcome.error } : {}),
  });
  return { kind: planned.kind, id: planned.id, result: outcome.result, ...(outcome.error ? { error: outcome.error } : {}) };
}

export function summarizeApply(accounts: readonly ApplyAccount[]): ApplySummary {
  const byStatus: Partial<Record<ApplyAccountStatus, number>> = {};
  const items: Partial<Record<ApplyItemResult, number>> = {};
  for (const a of accounts) {
    byStatus[a.status] = (byStatus[a.status] ?? 0) + 1;
    for (const i of a.items) items[i.result] = (items[i.result] ?? 0) + 1;
  }
  return { accounts: accounts.length, byStatus, items };
}

/** 0 when every planned item is gone, 1 when anything is held back, blocked, new or errored in the plan, 3 for AWS failures. */
export function applyExit(result: ApplyResult): "ok" | "findings" | "aws" {
  if (result.accounts.some((a) => a.status === "failed")) return "aws";
  return result.accounts.every((a) => a.status === "done" || a.status === "nothing to do") ? "ok" : "findings";
}
