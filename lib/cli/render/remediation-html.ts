// `remediate plan` and `remediate apply` results as HtmlReports: totals first (items by kind, held
// back, blocked, errors; accounts by status, items by result), a bar per OU from each account's
// ouPath, a row per account with its items, held-back items, blocking statements and errors.
import { CREDENTIAL_KINDS } from "../../aws-constants";
import { APPLY_ACCOUNT_STATUSES, APPLY_ITEM_RESULTS, ApplyAccount, ApplyAccountStatus, ApplyItemResult, ApplyResult } from "../../domain/remediation/apply";
import type { PlanAccount, RemediationPlan } from "../../domain/remediation/plan";
import type { HtmlDetail, HtmlReport, HtmlRow, Tone } from "./html-report";
import { renderHtmlReport } from "./html-report";
import { ouGroups, treeFromPaths } from "./html-ou-tree";
import { statementLine } from "./readiness-words";

const itemText = (kind: string, id: string | null) => (id ? `${kind} ${id}` : kind);
const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

type PlanStatus = "to delete" | "blocked" | "error" | "held back" | "nothing to do" | "skipped";
// Distinct colours in the OU bars: the planned work blue, what stops it red and amber.
const PLAN_TONE: Record<PlanStatus, Tone> = {
  "to delete": "info",
  blocked: "bad",
  error: "warn",
  "held back": "muted",
  "nothing to do": "good",
  skipped: "muted",
};
const PLAN_SEGMENTS: readonly PlanStatus[] = ["to delete", "blocked", "error", "held back", "nothing to do"];

function planStatus(a: PlanAccount): PlanStatus {
  if (a.blocked) return "blocked";
  if (a.error) return "error";
  if (a.items.length > 0) return "to delete";
  return a.heldBack.length > 0 ? "held back" : "nothing to do";
}

function planDetails(a: PlanAccount): HtmlDetail[] {
  const out: HtmlDetail[] = [{ label: "OU path", value: a.ouPath || "(outside the selection's tree)" }];
  if (a.items.length > 0)
    out.push({
      label: "Delete",
      value: a.items.map(
        (i) =>
          `${itemText(i.kind, i.id)}${i.createdAt ? `, created ${i.createdAt}` : ""}${i.lastUsed ? `, last used ${i.lastUsed}` : i.kind === "access-keys" ? ", never used" : ""}`,
      ),
      tone: "info",
    });
  if (a.heldBack.length > 0) out.push({ label: "Held back", value: a.heldBack.map((h) => `${itemText(h.kind, h.id)}: ${h.reason}`), tone: "info" });
  if (a.blocked) {
    out.push({ label: "Blocked", value: a.blocked.message, tone: "bad" });
    if (a.blocked.blockedBy.length > 0) out.push({ label: "Blocked by", value: a.blocked.blockedBy.map(statementLine), tone: "bad" });
  }
  if (a.error) out.push({ label: `Error ${a.error.code}`, value: `${a.error.message} (nothing planned here)`, tone: "warn" });
  if (a.prediction)
    out.push({ label: "Readiness (delete)", value: a.prediction.reason ? `${a.prediction.verdict}: ${a.prediction.reason}` : a.prediction.verdict });
  return out;
}

function planRow(a: PlanAccount): HtmlRow {
  const status = planStatus(a);
  return {
    id: a.accountId,
    cells: {
      account: a.accountId,
      name: a.name,
      ou: a.ouPath,
      items: a.items.length,
      heldBack: a.heldBack.length,
      prediction: a.prediction?.verdict ?? "",
      note: a.blocked ? a.blocked.message : a.error ? `${a.error.code}: ${a.error.message}` : "",
    },
    status: { label: status, tone: PLAN_TONE[status] },
    groups: ouGroups(a.ouPath),
    details: planDetails(a),
  };
}

export function planHtmlReport(plan: RemediationPlan): HtmlReport {
  const s = plan.summary;
  const items = plan.accounts.flatMap((a) => a.items);
  const verdict =
    s.errors > 0
      ? {
          text: `Incomplete: ${plural(s.errors, "account")} could not be planned; ${plural(s.items, "item")} to delete in ${plural(s.accountsWithItems, "account")}`,
          tone: "warn" as const,
        }
      : s.items > 0
        ? { text: `${plural(s.items, "item")} to delete in ${plural(s.accountsWithItems, "account")}`, tone: "bad" as const }
        : { text: `Nothing to delete in the ${plural(s.accounts, "audited account")}`, tone: "good" as const };
  const sel = plan.selection;
  return {
    kind: "remediation plan",
    title: `Root credentials remediation plan for ${plan.organizationId}`,
    verdict,
    facts: [
      { label: "Organization", value: plan.organizationId },
      { label: "Created", value: plan.createdAt },
      { label: "Planned by", value: plan.caller.arn },
      {
        label: "Selected",
        value: sel.accounts ? `${plural(sel.accounts.length, "account")}: ${sel.accounts.join(", ")}` : sel.ou ? `accounts under ${sel.ou}` : "every account",
      },
      { label: "Kinds", value: sel.only.join(", ") },
      { label: "Keys held back if used within", value: sel.keepUsedWithinDays === 0 ? "0 days (every key planned)" : `${sel.keepUsedWithinDays} days` },
      { label: "Active certificates", value: sel.includeActiveCertificates ? "planned" : "held back" },
      { label: "Readiness prediction", value: sel.prediction },
    ],
    totals: [
      {
        title: "Plan",
        items: [
          { label: "items to delete", value: s.items, tone: "info" },
          { label: "accounts with items", value: s.accountsWithItems, tone: "info" },
          { label: "held back", value: s.heldBack, tone: "muted" },
          { label: "accounts blocked", value: s.blocked, tone: "bad" },
          { label: "accounts with errors", value: s.errors, tone: "warn" },
          { label: "skipped", value: s.skipped.length, tone: "muted" },
          { label: "accounts audited", value: s.accounts },
        ],
      },
      {
        title: "Items to delete by kind",
        items: CREDENTIAL_KINDS.map((k) => ({ label: k, value: items.filter((i) => i.kind === k).length, tone: "info" as const })),
      },
    ],
    tree: plan.accounts.some((a) => a.ouPath)
      ? {
          title: "Accounts by OU",
          segments: PLAN_SEGMENTS.map((k) => ({ key: k, label: k, tone: PLAN_TONE[k] })),
          roots: treeFromPaths(plan.accounts, (a) => a.ouPath, planStatus),
        }
      : undefined,
    rowNoun: { one: "account", many: "accounts" },
    columns: [
      { key: "account", label: "Account", width: "narrow" },
      { key: "name", label: "Name" },
      { key: "ou", label: "OU path", width: "medium" },
      { key: "items", label: "To delete", type: "number" },
      { key: "heldBack", label: "Held back", type: "number" },
      { key: "prediction", label: "Readiness", width: "narrow" },
      { key: "note", label: "Note" },
    ],
    rows: [
      ...plan.accounts.map(planRow),
      ...s.skipped.map((k): HtmlRow => ({
        id: k.accountId,
        cells: { account: k.accountId, name: k.name, ou: "", items: 0, heldBack: 0, prediction: "", note: k.reason },
        status: { label: "skipped", tone: PLAN_TONE.skipped },
        details: [{ label: "Skipped because", value: k.reason }],
      })),
    ],
    sections: [
      {
        title: "What next",
        paragraphs: [
          "Review the plan file (delete accounts or items from it to do less), then run root-access remediate apply PLAN; it deletes exactly the planned items still present.",
          "The JSON plan (--output PLAN) has every field of this page.",
        ],
      },
    ],
  };
}

/** What the apply page says beyond the result: the plan it applied. */
export interface ApplyRunContext {
  readonly plan: RemediationPlan;
  /** The plan file's name as given. */
  readonly planName: string;
  readonly generatedAt: string;
}

const APPLY_TONE: Record<ApplyAccountStatus, Tone> = {
  done: "good",
  "nothing to do": "muted",
  "held back": "info",
  "new since plan": "warn",
  blocked: "bad",
  error: "warn",
  failed: "bad",
  interrupted: "warn",
};
const ITEM_TONE: Record<ApplyItemResult, Tone> = {
  deleted: "good",
  "already absent": "muted",
  failed: "bad",
  "new since plan": "warn",
  "held back": "info",
  "not done": "warn",
};

function applyRow(a: ApplyAccount, planned?: PlanAccount): HtmlRow {
  const count = (r: ApplyItemResult) => a.items.filter((i) => i.result === r).length;
  const details: HtmlDetail[] = [{ label: "OU path", value: planned?.ouPath || "(outside the selection's tree)" }];
  for (const r of APPLY_ITEM_RESULTS) {
    const mine = a.items.filter((i) => i.result === r);
    if (mine.length > 0)
      details.push({
        label: r,
        value: mine.map((i) => `${itemText(i.kind, i.id)}${i.error ? `: ${i.error.code}: ${i.error.message}` : ""}`),
        tone: ITEM_TONE[r],
      });
  }
  if (a.reason) details.push({ label: "Why", value: a.reason, tone: APPLY_TONE[a.status] });
  if (a.resumed) details.push({ label: "Resumed", value: "this result comes from the journal of an earlier run" });
  return {
    id: a.accountId,
    cells: {
      account: a.accountId,
      name: planned?.name ?? "",
      ou: planned?.ouPath ?? "",
      deleted: count("deleted"),
      failed: count("failed"),
      other: a.items.length - count("deleted") - count("failed"),
      note: a.reason ?? "",
    },
    status: { label: a.status, tone: APPLY_TONE[a.status] },
    groups: ouGroups(planned?.ouPath ?? ""),
    details,
  };
}

export function applyHtmlReport(result: ApplyResult, context: ApplyRunContext): HtmlReport {
  const { plan } = context;
  const s = result.summary;
  const byId = new Map(plan.accounts.map((a) => [a.accountId, a]));
  const failed = s.byStatus.failed ?? 0;
  const open = result.accounts.filter((a) => a.status !== "done" && a.status !== "nothing to do").length;
  const verdict =
    failed > 0
      ? { text: `${plural(failed, "account")} failed; ${s.items.deleted ?? 0} items deleted`, tone: "bad" as const }
      : open > 0
        ? { text: `${s.items.deleted ?? 0} items deleted; ${plural(open, "account")} need a decision`, tone: "warn" as const }
        : { text: `Every planned item is gone (${s.items.deleted ?? 0} deleted)`, tone: "good" as const };
  const statusOf = (a: ApplyAccount) => a.status;
  return {
    kind: "remediation apply",
    title: `Root credentials remediation of ${plan.organizationId}`,
    verdict,
    facts: [
      { label: "Organization", value: plan.organizationId },
      { label: "Generated", value: context.generatedAt },
      { label: "Plan", value: `${context.planName} (created ${plan.createdAt})` },
      { label: "Planned by", value: plan.caller.arn },
    ],
    totals: [
      { title: "Accounts by status", items: APPLY_ACCOUNT_STATUSES.map((k) => ({ label: k, value: s.byStatus[k] ?? 0, tone: APPLY_TONE[k] })) },
      { title: "Items by result", items: APPLY_ITEM_RESULTS.map((k) => ({ label: k, value: s.items[k] ?? 0, tone: ITEM_TONE[k] })) },
    ],
    tree: plan.accounts.some((a) => a.ouPath)
      ? {
          title: "Accounts by OU",
          segments: APPLY_ACCOUNT_STATUSES.map((k) => ({ key: k, label: k, tone: APPLY_TONE[k] })),
          roots: treeFromPaths(result.accounts, (a) => byId.get(a.accountId)?.ouPath ?? "", statusOf),
        }
      : undefined,
    rowNoun: { one: "account", many: "accounts" },
    columns: [
      { key: "account", label: "Account", width: "narrow" },
      { key: "name", label: "Name" },
      { key: "ou", label: "OU path", width: "medium" },
      { key: "deleted", label: "Deleted", type: "number" },
      { key: "failed", label: "Failed", type: "number" },
      { key: "other", label: "Other items", type: "number" },
      { key: "note", label: "Note" },
    ],
    rows: result.accounts.map((a) => applyRow(a, byId.get(a.accountId))),
    sections: [
      {
        title: "What next",
        paragraphs: [
          "Run the same command again to resume: finished accounts are skipped, failed and interrupted ones are read again and finished.",
          "Items new since the plan were left alone: make a new plan to review them. The JSON result (--format json) has every field of this page.",
        ],
      },
    ],
  };
}

export function renderPlanHtml(plan: RemediationPlan): string {
  return renderHtmlReport(planHtmlReport(plan));
}

export function renderApplyHtml(result: ApplyResult, context: ApplyRunContext): string {
  return renderHtmlReport(applyHtmlReport(result, context));
}
