// What `remediate plan` and `remediate apply` print: the plan for a terminal, a pull request or a
// change ticket (totals first, then per OU and account), the totals before apply asks, the result;
// the HTML pages of both are built in remediation-html.ts.
// Every value from AWS or the plan file is escaped for where it goes (safe-text.ts).
import type { ApplyAccount, ApplyPreview, ApplyResult } from "../../domain/remediation/apply";
import type { PlanAccount, RemediationPlan } from "../../domain/remediation/plan";
import { plural } from "./format";
import { ApplyRunContext, renderApplyHtml, renderPlanHtml } from "./remediation-html";
import { mdCode, mdText, termText as stripEscapes } from "./safe-text";

/** One line of terminal text: escapes stripped, and no newline that could forge another line. */
const termText = (s: string) => stripEscapes(s).replace(/[\r\n\t]+/g, " ");

export const PLAN_FORMATS = ["table", "json", "markdown", "html"] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];
export const APPLY_FORMATS = ["table", "json", "html"] as const;
export type ApplyFormat = (typeof APPLY_FORMATS)[number];

const itemText = (kind: string, id: string | null) => (id ? `${kind} ${id}` : kind);

export function planTotals(plan: RemediationPlan): string {
  const s = plan.summary;
  return [
    `${plural(s.items, "item")} to delete in ${plural(s.accountsWithItems, "account")}`,
    `${s.heldBack} held back`,
    `${plural(s.blocked, "account")} blocked`,
    `${plural(s.errors, "account")} with errors`,
    `${s.skipped.length} skipped`,
    `of ${plural(s.accounts, "account")} audited`,
  ].join(", ");
}

export function renderPlan(plan: RemediationPlan, format: PlanFormat): string {
  if (format === "json") return JSON.stringify(plan, null, 2);
  if (format === "markdown") return planMarkdown(plan);
  if (format === "html") return renderPlanHtml(plan);
  return planTable(plan);
}

function accountNotes(a: PlanAccount): string[] {
  const lines: string[] = [];
  if (a.blocked) lines.push(`blocked: ${a.blocked.message}`);
  if (a.error) lines.push(`error: ${a.error.code}: ${a.error.message} (nothing planned here)`);
  if (a.prediction?.verdict === "unknown") lines.push(`prediction unknown: ${a.prediction.reason ?? "no reason given"}`);
  return lines;
}

/** One line per item; accounts with nothing to do are left out (they are counted in the totals). */
function planTable(plan: RemediationPlan): string {
  const lines = [`Remediation plan for ${termText(plan.organizationId)} (${plan.createdAt}; readiness prediction: ${termText(plan.selection.prediction)}):`];
  for (const a of plan.accounts) {
    const head = `  ${a.accountId}  ${termText(a.name)}  ${termText(a.ouPath)}`;
    const body = [
      ...a.items.map((i) => `delete ${termText(itemText(i.kind, i.id))}${i.lastUsed ? ` (last used ${i.lastUsed.slice(0, 10)})` : ""}`),
      ...a.heldBack.map((h) => `held back ${termText(itemText(h.kind, h.id))}: ${termText(h.reason)}`),
      ...accountNotes(a).map(termText),
    ];
    if (body.length === 0) continue;
    lines.push(head, ...body.map((l) => `      ${l}`));
  }
  lines.push(`Totals: ${planTotals(plan)}`);
  return lines.join("\n");
}

function planMarkdown(plan: RemediationPlan): string {
  const s = plan.summary;
  const out = [
    `### Root credentials remediation plan for ${mdCode(plan.organizationId)}`,
    "",
    `Created ${mdText(plan.createdAt)} by ${mdCode(plan.caller.arn)}; readiness prediction: ${mdText(plan.selection.prediction)}.`,
    "",
    "| | count |",
    "|---|---:|",
    `| items to delete | ${s.items} |`,
    `| accounts with items | ${s.accountsWithItems} |`,
    `| items held back | ${s.heldBack} |`,
    `| accounts blocked | ${s.blocked} |`,
    `| accounts with errors | ${s.errors} |`,
    `| accounts skipped | ${s.skipped.length} |`,
    `| accounts audited | ${s.accounts} |`,
  ];
  const byOu = new Map<string, PlanAccount[]>();
  for (const a of plan.accounts) {
    if (a.items.length + a.heldBack.length === 0 && accountNotes(a).length === 0) continue;
    byOu.set(a.ouPath, [...(byOu.get(a.ouPath) ?? []), a]);
  }
  for (const ou of [...byOu.keys()].sort()) {
    const accounts = byOu.get(ou) as PlanAccount[];
    const items = accounts.reduce((n, a) => n + a.items.length, 0);
    out.push("", `#### ${mdText(ou || "(outside the selection's tree)")}: ${plural(items, "item")} in ${plural(accounts.length, "account")}`);
    for (const a of accounts) {
      out.push("", `- **${mdText(a.name || a.accountId)}** ${mdCode(a.accountId)}`);
      for (const i of a.items)
        out.push(
          `  - delete ${mdCode(itemText(i.kind, i.id))}${i.createdAt ? `, created ${mdText(i.createdAt.slice(0, 10))}` : ""}${i.lastUsed ? `, last used ${mdText(i.lastUsed.slice(0, 10))}` : ""}`,
        );
      for (const h of a.heldBack) out.push(`  - held back ${mdCode(itemText(h.kind, h.id))}: ${mdText(h.reason)}`);
      for (const note of accountNotes(a)) out.push(`  - ${mdText(note)}`);
    }
  }
  if (s.skipped.length) out.push("", `Skipped: ${s.skipped.map((k) => `${mdCode(k.accountId)} (${mdText(k.reason)})`).join(", ")}`);
  return out.join("\n");
}

export function renderApplyPreview(p: ApplyPreview): string {
  const lines = [`Plan of ${termText(p.plan.organizationId)} made ${p.plan.createdAt}: ${planTotals(p.plan)}.`];
  if (p.finished) lines.push(`Resuming: ${plural(p.finished, "account")} finished by an earlier run (skipped).`);
  lines.push(
    `To do now: ${plural(p.itemsToDo, "item")} in ${plural(p.accountsToDo, "account")} (IAMDeleteRootUserCredentials root sessions; items not in the plan are left alone).`,
  );
  return lines.join("\n");
}

export function applyTotals(result: ApplyResult): string {
  const s = result.summary;
  const statuses = Object.entries(s.byStatus).map(([k, v]) => `${v} ${k}`);
  const items = Object.entries(s.items).map(([k, v]) => `${v} ${k}`);
  return `${plural(s.accounts, "account")}: ${statuses.join(", ") || "none"}; items: ${items.join(", ") || "none"}`;
}

/** One line per account for logs (CI): its status and what happened to its items. */
export function applyAccountLine(a: ApplyAccount): string {
  const counts = new Map<string, number>();
  for (const i of a.items) counts.set(i.result, (counts.get(i.result) ?? 0) + 1);
  const detail = [...counts].map(([k, v]) => `${v} ${k}`).join(", ");
  return `${a.accountId}  ${a.status}${detail ? ` (${detail})` : ""}${a.reason ? `: ${termText(a.reason)}` : ""}`;
}

/** `context` (the plan applied) is what the HTML page names accounts and OUs from. */
export function renderApplyResult(result: ApplyResult, format: ApplyFormat, context?: ApplyRunContext): string {
  if (format === "json") return JSON.stringify(result, null, 2);
  if (format === "html") {
    if (!context) throw new Error("the HTML apply result needs the plan it applied");
    return renderApplyHtml(result, context);
  }
  const lines = ["Result:"];
  for (const a of result.accounts) {
    if (a.status === "nothing to do") continue;
    lines.push(`  ${applyAccountLine(a)}`);
    for (const i of a.items)
      if (i.result !== "deleted")
        lines.push(`      ${termText(itemText(i.kind, i.id))}: ${i.result}${i.error ? ` (${termText(`${i.error.code}: ${i.error.message}`)})` : ""}`);
  }
  lines.push(`Totals: ${applyTotals(result)}`);
  return lines.join("\n");
}
