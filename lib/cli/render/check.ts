// `root-access check` findings as text, JSON (a contract) or Markdown.
import { Finding, needsAttention } from "../../domain/check";
import type { CheckFormat } from "../formats";
import { markdownTable, paint, plural } from "./format";

const LABEL = { error: "ERROR", warning: "WARN ", info: "info ", ok: "ok   " } as const;
const STYLE = { error: "red", warning: "yellow", info: "dim", ok: "green" } as const;
const ICON = { error: "❌", warning: "⚠️", info: "ℹ️", ok: "✅" } as const;

function counts(list: readonly Finding[]) {
  return { errors: list.filter((f) => f.severity === "error").length, warnings: list.filter((f) => f.severity === "warning").length };
}

export function renderCheck(findings: readonly Finding[], format: CheckFormat, color: boolean): string {
  // `stack` and `rule`: review's names for `organization` and `code`, added (never renamed) so one gate reads both.
  if (format === "json")
    return JSON.stringify(
      {
        findings: findings.map((f) => ({ ...f, stack: f.organization, rule: f.code })),
        summary: { ...counts(findings), needsAttention: needsAttention(findings) },
      },
      null,
      2,
    );
  if (format === "markdown") {
    const { errors, warnings } = counts(findings);
    const verdict = errors + warnings === 0 ? "✅ Root access management is in order" : `❌ ${plural(errors, "error")}, ${plural(warnings, "warning")}`;
    return `### root-access check: ${verdict}\n\n${markdownTable(
      ["", "Organization", "Check", "Finding"],
      findings.map((f) => [ICON[f.severity], f.organization, `\`${f.code}\``, f.message]),
    )}`;
  }
  const lines: string[] = [];
  for (const name of new Set(findings.map((f) => f.organization))) {
    const mine = findings.filter((f) => f.organization === name);
    const { errors, warnings } = counts(mine);
    for (const f of mine) lines.push(`${name}  ${paint(color, STYLE[f.severity], LABEL[f.severity])}  ${f.message}`);
    lines.push(`${name}: ${errors + warnings === 0 ? "in order" : `${plural(errors, "error")}, ${plural(warnings, "warning")}`}`);
  }
  return lines.join("\n");
}
