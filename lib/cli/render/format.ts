// Small text helpers shared by the renderers.

const CODES = { red: 31, yellow: 33, green: 32, dim: 2, bold: 1 } as const;
export function paint(enabled: boolean, style: keyof typeof CODES, text: string): string {
  return enabled ? `\u001b[${CODES[style]}m${text}\u001b[0m` : text;
}

/** A GitHub-flavoured Markdown table; pipes in cells are escaped. */
export function markdownTable(headers: string[], rows: string[][]): string {
  const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
  return [`| ${headers.map(cell).join(" | ")} |`, `|${headers.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`)].join("\n");
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** "1 error", "2 errors". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
