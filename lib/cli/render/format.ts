// Small text helpers shared by the renderers.

const CODES = { red: 31, yellow: 33, green: 32, dim: 2, bold: 1 } as const;
export function paint(enabled: boolean, style: keyof typeof CODES, text: string): string {
  return enabled ? `\u001b[${CODES[style]}m${text}\u001b[0m` : text;
}

/**
 * A GitHub-flavoured Markdown table of cells that are already Markdown (values through mdText or
 * mdCode): a pipe not yet escaped (one in a code span) is escaped, line breaks become a space.
 */
export function markdownTable(headers: string[], rows: string[][]): string {
  const cell = (s: string) => s.replace(/(\\*)\|/g, (m, slashes: string) => (slashes.length % 2 === 0 ? `${slashes}\\|` : m)).replace(/\r?\n|\r/g, " ");
  return [`| ${headers.map(cell).join(" | ")} |`, `|${headers.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`)].join("\n");
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** "1 error", "2 errors". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
