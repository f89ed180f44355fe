// The readiness report as an HtmlReport: cells by verdict, the policies blocking the most accounts
// with what to change, a bar per OU (from each account's ouPath), a row per account with each task.
import type { TaskPolicy } from "../../aws-constants";
import { AccountReadiness, BlockingPolicy, ReadinessReport, TaskReadiness, VERDICTS } from "../../domain/readiness/readiness-report";
import type { Verdict } from "../../domain/readiness/prediction";
import type { HtmlDetail, HtmlReport, HtmlRow, HtmlTree, Tone } from "./html-report";
import { ouGroups, treeFromPaths } from "./html-ou-tree";
import { renderHtmlReport } from "./html-report";
import { cell, policyWords, SHORT, statementLine, statementName } from "./readiness-words";

/** What the page says about the run beyond the report itself. */
export interface ReadinessRunContext {
  /** The caller's ARN ("who ran it"). @default - not shown */
  readonly caller?: string;
  /** What was selected, e.g. "every ACTIVE member account", "accounts under ou-ab12-3456cdef". */
  readonly selection: string;
}

const TONE: Record<Verdict, Tone> = { ready: "good", blocked: "bad", partial: "warn", unknown: "info" };
/** Worst first: an account's status is its worst task verdict. */
const WORST: readonly Verdict[] = ["blocked", "partial", "unknown", "ready"];

function worst(a: AccountReadiness): Verdict {
  return WORST.find((v) => a.tasks.some((t) => t.verdict === v)) ?? "ready";
}

function taskDetails(t: TaskReadiness): HtmlDetail[] {
  const out: HtmlDetail[] = [];
  const task = `${SHORT[t.taskPolicy]} (${t.taskPolicy})`;
  if (t.blockedBy.length > 0) out.push({ label: `${task}: ${t.verdict}, blocked by`, value: t.blockedBy.map(statementLine), tone: TONE[t.verdict] });
  if (t.deniedActions.length > 0) out.push({ label: `${task}: denied actions`, value: t.deniedActions.join(", "), tone: TONE[t.verdict] });
  if (t.reason) out.push({ label: `${task}: ${t.verdict} because`, value: t.reason, tone: TONE[t.verdict] });
  return out;
}

function row(a: AccountReadiness): HtmlRow {
  const status = worst(a);
  return {
    id: a.accountId,
    cells: { account: a.accountId, name: a.name, ou: a.ouPath, ...Object.fromEntries(a.tasks.map((t) => [t.taskPolicy, cell(t, t.verdict)])) },
    status: { label: status, tone: TONE[status] },
    groups: ouGroups(a.ouPath),
    details: [{ label: "OU path", value: a.ouPath || "(not in the tree as read)" }, ...a.tasks.flatMap(taskDetails)],
  };
}

/** "statement X" for an explicit deny; an implicit deny has no statement, only a missing Allow. */
const statementWords = (b: BlockingPolicy) => (b.kind === "implicit" ? "no Allow statement" : `statement ${statementName(b)}`);

function blockingLabel(b: BlockingPolicy): string {
  return `blocked by ${policyWords(b.policyType)} ${b.policyId} (${b.policyName}) on ${b.targetId}, ${statementWords(b)} (${b.kind} deny)`;
}

function changeParagraph(b: BlockingPolicy): string {
  return `${policyWords(b.policyType)} ${b.policyId} (${b.policyName}) on ${b.targetId}, ${statementWords(b)} (${b.kind} deny of ${b.actions.join(", ")}), blocking ${b.accounts} account${b.accounts === 1 ? "" : "s"} (${b.taskPolicies.map((t) => SHORT[t]).join(", ")}): ${b.change}.`;
}

export function readinessHtmlReport(report: ReadinessReport, context: ReadinessRunContext): HtmlReport {
  const s = report.summary;
  const tasks: TaskPolicy[] = report.accounts[0]?.tasks.map((t) => t.taskPolicy) ?? [];
  const cells = s.ready + s.blocked + s.partial + s.unknown;
  const verdict =
    s.blocked > 0
      ? { text: `Root sessions blocked: ${s.blocked} of ${cells} account x task cells`, tone: "bad" as const }
      : s.partial + s.unknown > 0
        ? { text: `Some root sessions may fail: ${s.partial} partial, ${s.unknown} unknown of ${cells} cells`, tone: "warn" as const }
        : { text: `Root sessions ready in all ${cells} account x task cells`, tone: "good" as const };
  const segments = WORST.map((v) => ({ key: v, label: v, tone: TONE[v] }));
  const tree: HtmlTree | undefined = report.accounts.some((a) => a.ouPath)
    ? { title: "Accounts by OU (worst task verdict)", segments, roots: treeFromPaths(report.accounts, (a) => a.ouPath, worst) }
    : undefined;
  return {
    kind: "readiness",
    title: `Root-session readiness of ${report.organizationId}`,
    verdict,
    facts: [
      { label: "Organization", value: report.organizationId },
      { label: "Generated", value: report.generatedAt },
      ...(context.caller ? [{ label: "Run by", value: context.caller }] : []),
      { label: "Selected", value: context.selection },
      { label: "Task policies", value: tasks.join(", ") },
    ],
    totals: [
      {
        title: "Account x task cells by verdict",
        items: [{ label: "accounts", value: s.accounts }, ...VERDICTS.map((v) => ({ label: v, value: s[v], tone: TONE[v] }))],
      },
      ...(s.blockingPolicies.length > 0
        ? [
            {
              title: "Blocked accounts by policy (most first)",
              items: s.blockingPolicies.map((b) => ({ label: blockingLabel(b), value: b.accounts, tone: "bad" as const })),
            },
          ]
        : []),
    ],
    tree,
    rowNoun: { one: "account", many: "accounts" },
    columns: [
      { key: "account", label: "Account", width: "narrow" },
      { key: "name", label: "Name" },
      { key: "ou", label: "OU path", width: "medium" },
      ...tasks.map((t) => ({ key: t, label: SHORT[t], width: "narrow" as const })),
    ],
    rows: report.accounts.map(row),
    sections: [
      ...(s.blockingPolicies.length > 0 ? [{ title: "What to change (most accounts first)", paragraphs: s.blockingPolicies.map(changeParagraph) }] : []),
      {
        title: "About this prediction",
        paragraphs: [
          "No root session was opened: each verdict is predicted from the organization's SCPs and RCPs as read when the report was generated.",
          "The JSON report (--format json) has every field of this page.",
        ],
      },
    ],
  };
}

export function renderReadinessHtml(report: ReadinessReport, context: ReadinessRunContext): string {
  return renderHtmlReport(readinessHtmlReport(report, context));
}
