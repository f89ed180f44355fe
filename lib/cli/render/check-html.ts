// `root-access check` findings as an HtmlReport: totals by severity, a bar per organization, a row per finding.
import { Finding, SEVERITIES, Severity } from "../../domain/check";
import type { HtmlReport, Tone } from "./html-report";
import { renderHtmlReport } from "./html-report";

export interface CheckRunContext {
  /** Which config was checked: a file name or "embedded default". */
  readonly source: string;
  readonly generatedAt: string;
  /** The callers' ARNs, one per organization checked ("who ran it"). @default - not shown */
  readonly callers?: readonly string[];
}

const TONE: Record<Severity, Tone> = { error: "bad", warning: "warn", info: "info", ok: "good" };
const LABEL: Record<Severity, string> = { error: "error", warning: "warning", info: "info", ok: "ok" };

export function checkHtmlReport(findings: readonly Finding[], context: CheckRunContext): HtmlReport {
  const organizations = [...new Set(findings.map((f) => f.organization))];
  const count = (list: readonly Finding[], s: Severity) => list.filter((f) => f.severity === s).length;
  const errors = count(findings, "error");
  const warnings = count(findings, "warning");
  return {
    kind: "check",
    title: `Root access check of ${organizations.join(", ") || "no organization"}`,
    verdict:
      errors + warnings === 0
        ? { text: "Root access management is in order", tone: "good" }
        : { text: `${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`, tone: errors > 0 ? "bad" : "warn" },
    facts: [
      { label: "Organizations", value: organizations.join(", ") },
      { label: "Generated", value: context.generatedAt },
      ...(context.callers?.length ? [{ label: "Run by", value: [...new Set(context.callers)].join(", ") }] : []),
      { label: "Config", value: context.source },
    ],
    totals: [{ title: "Findings by severity", items: SEVERITIES.map((s) => ({ label: LABEL[s], value: count(findings, s), tone: TONE[s] })) }],
    tree:
      organizations.length > 1
        ? {
            title: "Findings by organization",
            segments: SEVERITIES.map((s) => ({ key: s, label: LABEL[s], tone: TONE[s] })),
            roots: organizations.map((name) => {
              const mine = findings.filter((f) => f.organization === name);
              return { id: `org:${name}`, name, counts: Object.fromEntries(SEVERITIES.map((s) => [s, count(mine, s)])), children: [] };
            }),
          }
        : undefined,
    rowNoun: { one: "finding", many: "findings" },
    columns: [
      { key: "organization", label: "Organization", width: "narrow" },
      { key: "check", label: "Check", width: "medium" },
      { key: "risk", label: "Risk", width: "narrow" },
      { key: "finding", label: "Finding" },
    ],
    rows: findings.map((f, i) => ({
      id: `${i + 1}`,
      cells: { organization: f.organization, check: f.code, risk: f.risk ?? "", finding: f.message },
      status: { label: LABEL[f.severity], tone: TONE[f.severity] },
      groups: [`org:${f.organization}`],
      details: [
        { label: "Check", value: f.code },
        { label: "Finding", value: f.message, tone: TONE[f.severity] },
      ],
    })),
  };
}

export function renderCheckHtml(findings: readonly Finding[], context: CheckRunContext): string {
  return renderHtmlReport(checkHtmlReport(findings, context));
}
