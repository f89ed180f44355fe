// Escaping for every value from AWS or a file that reaches Markdown, CSV, HTML or a terminal
// (contract 4; issue-20 owns it, this is the minimal shared version).

/** Control characters and terminal escape sequences (CSI, OSC and single ESC codes). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ESCAPES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-_]|[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Text for a terminal: escape sequences and control characters removed (newlines and tabs kept). */
export function termText(s: string): string {
  return s.replace(ESCAPES, "");
}

/** Text for HTML: `& < > " '` escaped. */
export function htmlText(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);
}

/** Text for Markdown (a table cell or a line): HTML escaped, Markdown control characters and pipes backslashed, newlines as spaces. */
export function mdText(s: string): string {
  return htmlText(termText(s))
    .replace(/\r\n|\r|\n|\t/g, " ")
    .replace(/[\\`*_{}[\]()#+\-.!|~>]/g, (c) => `\\${c}`);
}

/** An inline code span: a fence longer than any backtick run inside, padded when the text starts or ends with a backtick. */
export function mdCode(s: string): string {
  const text = termText(s)
    .replace(/\r\n|\r|\n|\t/g, " ")
    .replace(/\|/g, "\\|");
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") || text === "" ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** One CSV cell (RFC 4180), with formulas neutralised: a leading = + - @ tab or CR gets a leading '. */
export function csvCell(s: string): string {
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
