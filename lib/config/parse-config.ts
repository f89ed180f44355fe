// Parses and validates the organizations config: pure functions, no file access.
import { parse, ParseError, printParseErrorCode } from "jsonc-parser";
import { z } from "zod";
import { ConfigError } from "../errors";
import { checkJsonStructure, cutLongValues, findNonPlainData } from "./json-structure";
import { OrganizationsConfig, organizationsConfigSchema } from "./schema";

/**
 * Parses a config file's text: JSON with comments and trailing commas (JSONC), so the README's
 * commented examples work as pasted. Syntax errors name `file:line:column`, and so do keys given
 * twice or that would change how objects behave (`__proto__`); a UTF-8 byte order mark is skipped.
 */
export function parseConfigText(text: string, label: string): OrganizationsConfig {
  return parseWithoutBom(text.startsWith("\uFEFF") ? text.slice(1) : text, label);
}

function parseWithoutBom(text: string, label: string): OrganizationsConfig {
  const structure = checkJsonStructure(text, label);
  // Too deep: the parser would overflow its stack, so nothing else is looked at.
  if (structure.tooDeep) throw new ConfigError(structure.problems);
  const errors: ParseError[] = [];
  const data: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
  if (errors.length > 0) {
    // The first syntax error only: the ones after it are usually its echoes.
    const [first] = errors;
    const code = printParseErrorCode(first.error);
    throw new ConfigError([`${label}:${lineColumn(text, first.offset)}: not valid JSON: ${SYNTAX[code] ?? code}`]);
  }
  if (structure.problems.length > 0) throw new ConfigError(structure.problems);
  return validateConfig(data, label);
}

const SYNTAX: Record<string, string> = {
  InvalidSymbol: "unexpected character (property names and strings need double quotes)",
  PropertyNameExpected: "expected a property name in double quotes",
  ValueExpected: "expected a value",
  ColonExpected: "expected a colon",
  CommaExpected: "expected a comma",
  CloseBraceExpected: "expected }",
  CloseBracketExpected: "expected ]",
  EndOfFileExpected: "expected the end of the file",
  UnexpectedEndOfString: "a string is not closed",
  UnexpectedEndOfComment: "a comment is not closed",
};

/** "3:14" (1-based) for a character offset. */
export function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split("\n");
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

/** Validates parsed config data; the returned value is typed and complete. */
export function validateConfig(data: unknown, label: string): OrganizationsConfig {
  const odd = findNonPlainData(data);
  if (odd) throw new ConfigError([`${label}: ${formatPath(odd.path)}: ${odd.problem}`]);
  const result = organizationsConfigSchema.safeParse(data, { reportInput: true, error: explainIssue });
  if (result.success) return result.data;
  // A misspelt key is one problem: "did you mean X?" replaces the "X: required" it causes.
  const suggested = new Set(
    result.error.issues.flatMap((issue) =>
      issue.code === "unrecognized_keys" ? [...issue.message.matchAll(/did you mean `(\w+)`/g)].map((m) => formatPath([...issue.path, m[1]])) : [],
    ),
  );
  const issues = result.error.issues.filter((issue) => !suggested.has(formatPath(issue.path)));
  throw new ConfigError(issues.map((issue) => `${label}: ${formatPath(issue.path)}: ${cutLongValues(issue.message)}`));
}

/** The allowed key a misspelt one most likely meant (case aside, at most two edits), if any. */
export function closestKey(key: string, allowed: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const scored = allowed.map((a) => ({ a, d: a.toLowerCase() === lower ? 0 : editDistance(lower, a.toLowerCase()) })).sort((x, y) => x.d - y.d);
  return scored[0] && scored[0].d <= Math.min(2, Math.max(1, Math.floor(key.length / 2))) ? scored[0].a : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

/** `organizations[0].features[1]`; the root is `(root)`. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "(root)";
  return path.map((part, i) => (typeof part === "number" ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`)).join("");
}

/** Messages for the issues the schema does not word itself. */
function explainIssue(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case "unrecognized_keys": {
      const shape = (issue.inst as { _zod?: { def?: { shape?: object } } } | undefined)?._zod?.def?.shape;
      const keys = issue.keys.map((k) => JSON.stringify(k)).join(", ");
      const allowed = shape ? `; allowed keys: ${Object.keys(shape).join(", ")}` : "";
      // Only a key that is missing can have been meant (a present one is not misspelt).
      const present = (issue.input ?? {}) as Record<string, unknown>;
      const meant = shape ? issue.keys.map((k) => [k, closestKey(k, Object.keys(shape))] as const).filter(([, m]) => m !== undefined && !(m in present)) : [];
      const hint = meant.map(([k, m]) => `; did you mean \`${m}\`${issue.keys.length > 1 ? ` for ${JSON.stringify(k)}` : ""}?`).join("");
      return `unknown key${issue.keys.length > 1 ? "s" : ""} ${keys}${hint}${allowed}`;
    }
    case "invalid_type":
      return issue.input === undefined ? `required; expected ${article(issue.expected)}` : `expected ${article(issue.expected)}, got ${describe(issue.input)}`;
    default:
      return undefined;
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  return `${typeof value} ${JSON.stringify(value)}`;
}
