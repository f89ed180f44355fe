// The reviewer's Markdown: the verdict first, then the risky changes, the rest folded away.
import { LEVELS, Level, ReviewFinding } from "../../domain/review/findings";
import { allFindings, ReviewInput } from "../../domain/review/review-input";
import { PLAN_ACTIONS } from "../../domain/review/plan-review";
import { describeStack } from "../../domain/review/synth-model";
import { htmlText, mdCode, mdText } from "./safe-text";

/** Text inside a raw HTML block (`<summary>`): entities, and no `@mention`. */
const summaryText = (s: string) => htmlText(s).replace(/@/g, "@&#8203;");

export const MAX_MARKDOWN = 60_000;

const ICON: Record<Level, string> = { critical: "🛑", high: "🔴", medium: "🟠", low: "🔵" };

/** The one-line verdict; `text` escapes each message (Markdown by default, as-is for JSON). */
export function verdict(findings: ReviewFinding[], text: (s: string) => string = mdText): string {
  for (const level of LEVELS.slice(0, 3)) {
    const at = findings.filter((f) => f.level === level);
    if (at.length > 0) {
      const rest = LEVELS.slice(LEVELS.indexOf(level) + 1, 3)
        .map((l) => [l, findings.filter((f) => f.level === l).length] as const)
        .filter(([, n]) => n > 0)
        .map(([l, n]) => `${n} ${l}`);
      const named = at
        .slice(0, 5)
        .map((f) => text(f.message))
        .join("; ");
      const more = at.length > 5 ? `; and ${at.length - 5} more` : "";
      return `${ICON[level]} **${at.length} ${level} change${at.length === 1 ? "" : "s"}**: ${named}${more}${rest.length ? ` (also ${rest.join(", ")})` : ""}`;
    }
  }
  return "✅ No risky change to root access management";
}

function fence(text: string, lang = ""): string {
  // Longer than any run of backticks inside, so no line of the text can close the block.
  const ticks = "`".repeat(Math.max(3, ...(text.match(/`+/g) ?? []).map((run) => run.length + 1)));
  return `${ticks}${lang}\n${text}\n${ticks}`;
}

function unifiedDiff(before: string, after: string): string {
  const a = before.split("\n");
  const b = after.split("\n");
  const out: string[] = [];
  // A small LCS diff: policy documents are short.
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push(`  ${a[i++]}`);
      j++;
    } else if (j < b.length && (i === a.length || lcs[i][j + 1] >= lcs[i + 1][j])) out.push(`+ ${b[j++]}`);
    else out.push(`- ${a[i++]}`);
  }
  return out.join("\n");
}

export function renderMarkdown(input: ReviewInput, limit = MAX_MARKDOWN): string {
  const findings = allFindings(input);
  const parts: string[] = [`## Root access review\n\n${verdict(findings)}`];
  const risky = findings.filter((f) => f.level !== "low");
  if (risky.length > 0) {
    // The list itself gets at most half the room; what does not fit is counted, not dropped silently.
    const lines: string[] = [];
    let used = 0;
    for (const f of risky) {
      const line = `- ${ICON[f.level]} **${f.level}** ${mdCode(f.stack)} ${mdText(f.message)} _(${mdText(f.rule)})_`;
      if (used + line.length > limit / 2) {
        lines.push(`- _… ${risky.length - lines.length} more risky changes cut; run root-access review --format json for everything._`);
        break;
      }
      lines.push(line);
      used += line.length + 1;
    }
    parts.push(["### Risky changes", "", ...lines].join("\n"));
    for (const f of risky.filter((f) => f.diff)) parts.push(`${fence(unifiedDiff(f.diff!.before, f.diff!.after), "diff")}`);
  }
  const low = findings.filter((f) => f.level === "low");
  if (low.length > 0)
    parts.push(
      `<details><summary>Other changes (${low.length})</summary>\n\n${low.map((f) => `- ${mdCode(f.stack)} ${mdText(f.message)}`).join("\n")}\n\n</details>`,
    );
  for (const p of input.plans) {
    const lines = PLAN_ACTIONS.filter((a) => p.actions[a].length > 0).map((a) => `**${a}** (${p.actions[a].length}): ${p.actions[a].map(mdCode).join(", ")}`);
    const drift = p.drift.length ? `\n\n**Drift** (changed outside Terraform):\n${p.drift.map((d) => `- ${mdText(d)}`).join("\n")}` : "";
    const outputs = p.outputs.length ? `\n\n**Outputs**: ${p.outputs.map(mdText).join("; ")}` : "";
    parts.push(
      `<details><summary>Plan of ${summaryText(p.stack)} (${summaryText(p.file)})</summary>\n\n${lines.join("\n\n") || "no changes"}${drift}${outputs}\n\n</details>`,
    );
  }
  for (const s of input.head ?? [])
    parts.push(
      `<details><summary>Stack ${summaryText(s.name)} declares</summary>\n\n${describeStack(s)
        .map((l) => `- ${mdText(l)}`)
        .join("\n")}\n\n</details>`,
    );
  return truncate(parts, limit);
}

/** Keeps whole sections while they fit, then says how many were cut. */
function truncate(parts: string[], limit: number): string {
  let out = "";
  for (let i = 0; i < parts.length; i++) {
    const next = `${out}${out ? "\n\n" : ""}${parts[i]}`;
    const note = `\n\n_… ${parts.length - i} more section${parts.length - i === 1 ? "" : "s"} cut to stay under ${limit.toLocaleString("en-US")} characters; run root-access review --format json for everything._`;
    if (next.length + note.length > limit && i > 0) return `${out}${note}`;
    out = next;
  }
  return out;
}

export function renderJson(input: ReviewInput): string {
  const findings = allFindings(input);
  const counts = Object.fromEntries(LEVELS.map((l) => [l, findings.filter((f) => f.level === l).length]));
  return JSON.stringify(
    {
      verdict: verdict(findings, (s) => s).replace(/\*\*/g, ""),
      counts,
      findings,
      plans: input.plans.map((p) => ({ stack: p.stack, file: p.file, actions: p.actions, drift: p.drift, outputs: p.outputs })),
      stacks: input.head ?? [],
    },
    null,
    2,
  );
}
