// The readiness report as JSON (the contract), CSV, Markdown, a terminal table and an HTML page. Table and Markdown
// lead with the policies blocking the most accounts and what to change; every AWS value is escaped.
import Table from "cli-table3";
import type { TaskPolicy } from "../../aws-constants";
import type { BlockingPolicy, ReadinessReport } from "../../domain/readiness/readiness-report";
import type { Verdict } from "../../domain/readiness/prediction";
import type { ReadinessFormat } from "../formats";
import { paint, plural, truncate } from "./format";
import { cell, SHORT, statementName } from "./readiness-words";
import { renderReadinessHtml, ReadinessRunContext } from "./readiness-html";
import { csvCell, mdCode, mdText, termText } from "./safe-text";

export function renderReadiness(
  report: ReadinessReport,
  format: ReadinessFormat,
  color = false,
  context: ReadinessRunContext = { selection: "every ACTIVE member account" },
): string {
  switch (format) {
    case "html":
      return renderReadinessHtml(report, context);
    case "json":
      return JSON.stringify(report, null, 2);
    case "csv":
      return toCsv(report);
    case "markdown":
      return toMarkdown(report);
    case "table":
      return toTable(report, color);
  }
}

const CSV_COLUMNS = ["accountId", "name", "ouPath", "taskPolicy", "verdict", "deniedActions", "blockedBy", "reason"] as const;

/** One row per account and task; blockedBy as `policy/statement@target (kind)` joined with spaces. */
function toCsv(report: ReadinessReport): string {
  const rows = report.accounts.flatMap((a) =>
    a.tasks.map((t) => {
      const cells: Record<(typeof CSV_COLUMNS)[number], string> = {
        accountId: a.accountId,
        name: a.name,
        ouPath: a.ouPath,
        taskPolicy: t.taskPolicy,
        verdict: t.verdict,
        deniedActions: t.deniedActions.join(" "),
        blockedBy: t.blockedBy.map((b) => `${b.policyId}/${statementName(b)}@${b.targetId} (${b.kind})`).join(" "),
        reason: t.reason ?? "",
      };
      return CSV_COLUMNS.map((k) => csvCell(cells[k])).join(",");
    }),
  );
  return [CSV_COLUMNS.join(","), ...rows].join("\n");
}

const ICON: Record<Verdict, string> = { ready: "✅ ready", blocked: "❌ blocked", partial: "⚠️ partial", unknown: "❔ unknown" };
const STYLE = { ready: "green", blocked: "red", partial: "yellow", unknown: "dim" } as const;

function summaryLine(report: ReadinessReport): string {
  const s = report.summary;
  const cells = s.ready + s.blocked + s.partial + s.unknown;
  return `${plural(s.accounts, "account")}, ${plural(cells, "account x task")}: ${s.ready} ready, ${s.blocked} blocked, ${s.partial} partial, ${s.unknown} unknown`;
}

function taskPolicies(report: ReadinessReport): TaskPolicy[] {
  return report.accounts[0]?.tasks.map((t) => t.taskPolicy) ?? [];
}

function where(b: BlockingPolicy): string {
  return `${b.policyType === "SERVICE_CONTROL_POLICY" ? "SCP" : "RCP"} ${b.policyId} (${b.policyName}) on ${b.targetId}`;
}

function mdRow(cells: string[]): string {
  return `| ${cells.join(" | ")} |`;
}

function toMarkdown(report: ReadinessReport): string {
  const s = report.summary;
  const verdict = s.blocked > 0 ? "❌ root sessions blocked" : s.partial + s.unknown > 0 ? "⚠️ some root sessions may fail" : "✅ root sessions ready";
  const lines = [
    `### Root-session readiness of ${mdText(report.organizationId)}: ${verdict}`,
    "",
    `${summaryLine(report)} (generated ${mdText(report.generatedAt)})`,
    "",
  ];
  if (s.blockingPolicies.length > 0) {
    lines.push("#### What blocks root sessions, and what to change", "");
    lines.push(mdRow(["Policy", "Attached to", "Statement", "Deny", "Accounts", "Tasks", "Change"]), "|---|---|---|---|---|---|---|");
    for (const b of s.blockingPolicies) {
      lines.push(
        mdRow([
          `${b.policyType === "SERVICE_CONTROL_POLICY" ? "SCP" : "RCP"} ${mdCode(b.policyId)} ${mdText(b.policyName)}`,
          mdCode(b.targetId),
          mdText(statementName(b)),
          b.kind,
          String(b.accounts),
          b.taskPolicies.map((t) => SHORT[t]).join(", "),
          mdText(b.change),
        ]),
      );
    }
    lines.push("");
  }
  const tasks = taskPolicies(report);
  lines.push(mdRow(["Account", "Name", "OU path", ...tasks.map((t) => SHORT[t])]), `|${["Account", "Name", "OU path", ...tasks].map(() => "---").join("|")}|`);
  for (const a of report.accounts)
    lines.push(mdRow([mdCode(a.accountId), mdText(a.name), mdText(a.ouPath), ...a.tasks.map((t) => mdText(cell(t, ICON[t.verdict])))]));
  const notes = report.accounts.flatMap((a) =>
    a.tasks.filter((t) => t.reason).map((t) => `- ${mdCode(a.accountId)} ${SHORT[t.taskPolicy]}: ${mdText(t.reason ?? "")}`),
  );
  if (notes.length > 0) lines.push("", "Unknown because:", ...notes);
  return lines.join("\n");
}

function toTable(report: ReadinessReport, color: boolean): string {
  const style = { head: color ? ["bold"] : [], border: color ? ["grey"] : [], compact: true };
  const parts: string[] = [];
  const s = report.summary;
  if (s.blockingPolicies.length > 0) {
    parts.push("What blocks root sessions (most accounts first), and what to change:");
    for (const b of s.blockingPolicies) {
      parts.push(
        `  ${paint(color, "red", termText(where(b)))}, statement ${termText(statementName(b))} (${b.kind} deny): ${plural(b.accounts, "account")}, ${b.taskPolicies.map((t) => SHORT[t]).join(", ")}`,
        `    ${termText(b.change)}`,
      );
    }
    parts.push("");
  }
  const tasks = taskPolicies(report);
  const table = new Table({
    head: ["Account", "Name", "OU path", ...tasks.map((t) => SHORT[t])],
    style,
    chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" },
  });
  for (const a of report.accounts) {
    table.push([
      a.accountId,
      truncate(termText(a.name), 24),
      truncate(termText(a.ouPath), 32),
      ...a.tasks.map((t) => paint(color, STYLE[t.verdict], truncate(termText(cell(t, t.verdict)), 40))),
    ]);
  }
  parts.push(table.toString());
  const notes = report.accounts.flatMap((a) =>
    a.tasks.filter((t) => t.reason).map((t) => `  ${a.accountId} ${SHORT[t.taskPolicy]}: ${termText(t.reason ?? "")}`),
  );
  if (notes.length > 0) parts.push("Unknown because:", ...notes);
  parts.push(summaryLine(report));
  return parts.join("\n");
}
