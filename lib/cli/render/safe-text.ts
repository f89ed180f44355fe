// Values that come from AWS or a file (account names, ARNs, emails, paths, plan addresses) made
// safe for the format they land in. Every renderer passes such values through one of these.

/* eslint-disable no-control-regex -- matching control characters is the point of this file */
/** C0 and C1 controls, DEL, and the Unicode line separators and bidirectional overrides ("Trojan Source"). */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** Terminal escape sequences: CSI (ESC [ or the C1 CSI), OSC and DCS/SOS/PM/APC strings, then any other ESC + one character. */
const ESCAPE_SEQUENCE =
  /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]?|(?:\u001b[\]PX^_]|[\u0090\u009d\u0098\u009e\u009f])[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u001b[ -~]?/g;
/** CONTROL less tab, LF and CR, which a CSV cell keeps (quoted). */
const CSV_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const LINE_BREAK = /\r\n|[\n\r\t\u2028\u2029]/g;

/**
 * For a terminal: escape sequences removed whole, tabs and line breaks become a space, every other
 * control character (and bidi override) removed, so a value can neither recolour, move the cursor,
 * retitle the window nor fake a line of output.
 */
export function termText(s: string): string {
  return s.replace(ESCAPE_SEQUENCE, "").replace(LINE_BREAK, " ").replace(CONTROL, "");
}

const HTML_ENTITY: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** For HTML text and attribute values: `& < > " '` as entities. */
export function htmlText(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ENTITY[c]);
}

/**
 * For Markdown text (GitHub-flavoured, table cells included): one line (line breaks become a space,
 * controls removed); `& < >` as entities, so no HTML (`<img>`, `</details>`) survives; the
 * characters that start inline Markdown (`` \ ` * [ ] # | ~ ``, and `_` unless inside a word, where
 * GitHub never reads it as emphasis) and pipes backslash-escaped; `@` followed by a zero-width
 * space, so no `@mention` notifies anyone; a leading list or setext marker escaped.
 */
export function mdText(s: string): string {
  return termText(s)
    .replace(/[&<>]/g, (c) => HTML_ENTITY[c])
    .replace(/[\\`*[\]#|~]/g, "\\$&")
    .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, "\\_")
    .replace(/@/g, "@&#8203;")
    .replace(/^(\s*)([+\-=])/, "$1\\$2")
    .replace(/^(\s*\d+)([.)])/, "$1\\$2");
}

/**
 * An inline code span showing `s` literally: a fence one backtick longer than the longest run of
 * backticks inside, padded with a space when the value starts or ends with a backtick (CommonMark
 * strips one space each side). Line breaks become a space. Markdown tables escape the pipes.
 */
export function mdCode(s: string): string {
  const text = termText(s);
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") || (text.startsWith(" ") && text.endsWith(" ") && text.trim() !== "") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * One CSV cell (RFC 4180): a value a spreadsheet would run as a formula (leading `=`, `+`, `-`,
 * `@`, tab or carriage return, OWASP's CSV-injection list) gets a leading `'`; a cell with a quote,
 * comma, semicolon (the separator in some locales), line break or that leading `'` is quoted, its
 * quotes doubled. Escape sequences and controls other than tab and line breaks are removed (a CSV
 * is often read with cat).
 */
export function csvCell(s: string): string {
  const text = s.replace(ESCAPE_SEQUENCE, "").replace(CSV_CONTROL, "");
  const value = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /["',;\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
