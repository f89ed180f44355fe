// Values from AWS or files, made safe for each output (contract 4: issue-20 owns this file; this is
// the minimal version, identical in behaviour).

/** Markdown text: HTML and Markdown control characters escaped, pipes escaped, newlines as spaces. */
export function mdText(s: string): string {
  return termText(s)
    .replace(/[\r\n]+/g, " ")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/([\\`*_{}[\]#|~])/g, "\\$1");
}

/** An inline code span: a fence longer than any run of backticks inside, padded when needed. */
export function mdCode(s: string): string {
  const text = termText(s)
    .replace(/[\r\n]+/g, " ")
    .replace(/\|/g, "\\|");
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") || text.startsWith(" ") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A CSV cell (RFC 4180), with a leading =, +, -, @, tab or CR neutralised so no spreadsheet runs it as a formula. */
export function csvCell(s: string): string {
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Terminal text: escape sequences and control characters removed. */
export function termText(s: string): string {
  /* eslint-disable no-control-regex -- these patterns exist to remove control characters */
  return s
    .replace(/\u001b\[[0-?]*[ -/]*[@-~]/g, "")
    .replace(/\u001b\][^\u0007\u001b]*(\u0007|\u001b\\)/g, "")
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, "");
  /* eslint-enable no-control-regex */
}

/** HTML text: & < > " ' escaped. */
export function htmlText(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}
