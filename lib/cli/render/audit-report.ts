// The audit report as JSON (the contract), CSV, Markdown, a terminal table and an HTML page.
import Table from "cli-table3";
import { AccountAudit, AuditReport } from "../../domain/audit";
import type { AuditFormat } from "../formats";
import { AuditRunContext, renderAuditHtml } from "./audit-html";
import { markdownTable, paint, truncate } from "./format";
import { csvCell, mdText, termText } from "./safe-text";

export function renderAudit(report: AuditReport, format: AuditFormat, color = false, context: AuditRunContext = { selection: "every account" }): string {
  switch (format) {
    case "html":
      return renderAuditHtml(report, context);
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

const CSV_COLUMNS = [
  "accountId",
  "name",
  "email",
  "state",
  "status",
  "hasRootCredentials",
  "loginProfile",
  "accessKeys",
  "mfaDevices",
  "signingCertificates",
  "reason",
  "errorCode",
  "errorMessage",
] as const;

/** One row per account; lists are `id:status` joined with spaces. */
function toCsv(report: AuditReport): string {
  const rows = report.accounts.map((a) => {
    const c = a.rootCredentials;
    const cells: Record<(typeof CSV_COLUMNS)[number], string> = {
      accountId: a.accountId,
      name: a.name,
      email: a.email,
      state: a.state,
      status: a.status,
      hasRootCredentials: a.hasRootCredentials === undefined ? "" : String(a.hasRootCredentials),
      loginProfile: c ? String(c.loginProfile) : "",
      accessKeys: c ? c.accessKeys.map((k) => `${k.id}:${k.status}`).join(" ") : "",
      mfaDevices: c ? c.mfaDevices.join(" ") : "",
      signingCertificates: c ? c.signingCertificates.map((k) => `${k.id}:${k.status}`).join(" ") : "",
      reason: a.reason ?? "",
      errorCode: a.error?.code ?? "",
      errorMessage: a.error?.message ?? "",
    };
    return CSV_COLUMNS.map((k) => csvCell(cells[k])).join(",");
  });
  return [CSV_COLUMNS.join(","), ...rows].join("\n");
}

function credentialsCells(a: AccountAudit): [string, string, string, string] {
  const c = a.rootCredentials;
  if (!c) return ["", "", "", ""];
  const keys = c.accessKeys.length === 0 ? "none" : c.accessKeys.map((k) => `${k.id} (${k.status})`).join(", ");
  const certs = c.signingCertificates.length === 0 ? "none" : c.signingCertificates.map((k) => `${k.id} (${k.status})`).join(", ");
  return [c.loginProfile ? "yes" : "no", keys, c.mfaDevices.length === 0 ? "none" : String(c.mfaDevices.length), certs];
}

function note(a: AccountAudit): string {
  if (a.status === "error") return `${a.error?.code}: ${a.error?.message}`;
  if (a.status === "skipped") return a.reason ?? "";
  return a.hasRootCredentials ? "has root credentials" : "no root credentials";
}

function summaryLine(report: AuditReport): string {
  const s = report.summary;
  return `${s.total} accounts: ${s.audited} audited, ${s.withRootCredentials} with root credentials, ${s.skipped} skipped, ${s.errors} errors`;
}

function toMarkdown(report: AuditReport): string {
  const s = report.summary;
  const verdict = s.errors > 0 ? "⚠️ incomplete" : s.withRootCredentials > 0 ? "❌ root credentials found" : "✅ no root credentials";
  const rows = report.accounts.map((a) => [a.accountId, a.name, a.state, a.status, ...credentialsCells(a), note(a)].map(mdText));
  return [
    `### Root credentials audit of ${mdText(report.organizationId)}: ${verdict}`,
    "",
    `${summaryLine(report)} (generated ${mdText(report.generatedAt)})`,
    "",
    markdownTable(["Account", "Name", "State", "Status", "Password", "Access keys", "MFA devices", "Signing certificates", "Note"], rows),
  ].join("\n");
}

/** Compact, one line per account (readable at hundreds of accounts); details are in json/csv. */
function toTable(report: AuditReport, color: boolean): string {
  const table = new Table({
    head: ["Account", "Name", "Status", "Password", "Access keys", "MFA", "Certificates", "Note"],
    style: { head: color ? ["bold"] : [], border: color ? ["grey"] : [], compact: true },
    chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" },
  });
  const count = (list: { status: string }[]) => (list.length === 0 ? "-" : `${list.length} (${list.filter((k) => k.status === "Active").length} active)`);
  for (const a of report.accounts) {
    const c = a.rootCredentials;
    const status =
      a.status === "error"
        ? paint(color, "red", "error")
        : a.status === "skipped"
          ? paint(color, "dim", "skipped")
          : a.hasRootCredentials
            ? paint(color, "yellow", "FOUND")
            : paint(color, "green", "clean");
    const noteText = a.status === "audited" ? "" : truncate(termText(note(a)), 70);
    table.push([
      termText(a.accountId),
      truncate(termText(a.name), 28),
      status,
      c ? (c.loginProfile ? "yes" : "-") : "",
      c ? count(c.accessKeys) : "",
      c ? c.mfaDevices.length || "-" : "",
      c ? count(c.signingCertificates) : "",
      noteText,
    ]);
  }
  return `${table.toString()}\n${summaryLine(report)}`;
}
