// Checks a config's text before it is parsed into objects: nesting depth (the parser recurses),
// keys that change how JavaScript objects behave, and keys given twice (JSON keeps the last
// silently, so a reviewer would read one value and the app use another).
import { createScanner, SyntaxKind } from "jsonc-parser";

/** Far more than any config needs, far less than what overflows the parser's stack. */
export const MAX_CONFIG_DEPTH = 64;

/** Keys that reach an object's prototype or constructor instead of being data. */
export const FORBIDDEN_KEYS: readonly string[] = ["__proto__", "constructor", "prototype"];

interface Frame {
  readonly object: boolean;
  /** Key -> "line:col" of its first place. */
  readonly keys: Map<string, string>;
  expectKey: boolean;
}

/**
 * One line per problem, each "label:line:col: ..."; a nesting too deep stops the scan (`tooDeep`:
 * the text must not reach the parser). Iterative, so any depth is scanned safely; syntax errors
 * are left to the parser.
 */
export function checkJsonStructure(text: string, label: string): { problems: string[]; tooDeep: boolean } {
  const problems: string[] = [];
  const scanner = createScanner(text, true);
  const stack: Frame[] = [];
  for (let token = scanner.scan(); token !== SyntaxKind.EOF; token = scanner.scan()) {
    const at = () => `${scanner.getTokenStartLine() + 1}:${scanner.getTokenStartCharacter() + 1}`;
    const top = stack[stack.length - 1];
    switch (token) {
      case SyntaxKind.OpenBraceToken:
      case SyntaxKind.OpenBracketToken:
        if (stack.length >= MAX_CONFIG_DEPTH) {
          return { problems: [`${label}:${at()}: nested more than ${MAX_CONFIG_DEPTH} levels deep; a config needs far fewer`], tooDeep: true };
        }
        if (top) top.expectKey = false;
        stack.push({ object: token === SyntaxKind.OpenBraceToken, keys: new Map(), expectKey: token === SyntaxKind.OpenBraceToken });
        break;
      case SyntaxKind.CloseBraceToken:
      case SyntaxKind.CloseBracketToken:
        stack.pop();
        break;
      case SyntaxKind.CommaToken:
        if (top?.object) top.expectKey = true;
        break;
      case SyntaxKind.StringLiteral:
        if (top?.object && top.expectKey) {
          top.expectKey = false;
          const key = scanner.getTokenValue();
          const where = at();
          if (FORBIDDEN_KEYS.includes(key)) {
            problems.push(`${label}:${where}: ${JSON.stringify(key)} is not allowed as a key (it changes how JavaScript objects behave); remove it`);
          } else if (top.keys.has(key)) {
            problems.push(`${label}:${where}: ${shortJson(key)} is given twice in this object (first at ${top.keys.get(key)}); give each key once`);
          } else {
            top.keys.set(key, where);
          }
        }
        break;
      default:
        if (top?.object) top.expectKey = false;
    }
  }
  return { problems, tooDeep: false };
}

/** Values longer than this are cut in messages (a 10 MB string is not echoed whole). */
export const MAX_SHOWN_CHARS = 60;

/** JSON.stringify of a string, cut with its length when long. */
export function shortJson(value: string): string {
  return value.length <= MAX_SHOWN_CHARS ? JSON.stringify(value) : `${JSON.stringify(value.slice(0, MAX_SHOWN_CHARS) + "…")} (${value.length} characters)`;
}

/** Cuts every long JSON string literal quoted in a message (a linear scan: values may be megabytes). */
export function cutLongValues(message: string): string {
  let out = "";
  let i = 0;
  while (i < message.length) {
    const open = message.indexOf('"', i);
    if (open < 0) break;
    let close = open + 1;
    while (close < message.length && message[close] !== '"') close += message[close] === "\\" ? 2 : 1;
    if (close >= message.length) break;
    const literal = message.slice(open, close + 1);
    let shown = literal;
    if (literal.length > MAX_SHOWN_CHARS * 2) {
      try {
        shown = shortJson(JSON.parse(literal) as string);
      } catch {
        // Not a JSON string after all: kept as is.
      }
    }
    out += message.slice(i, open) + shown;
    i = close + 1;
  }
  return out + message.slice(i);
}

/**
 * The first object in data built in code that is not plain JSON data (a prototype carrying keys
 * the config would not show: schema checks read through it) or nests too deep, with its path.
 */
export function findNonPlainData(data: unknown): { path: (string | number)[]; problem: string } | undefined {
  const todo: { value: unknown; path: (string | number)[] }[] = [{ value: data, path: [] }];
  while (todo.length > 0) {
    const { value, path } = todo.pop()!;
    if (typeof value !== "object" || value === null) continue;
    if (path.length >= MAX_CONFIG_DEPTH) return { path, problem: `nested more than ${MAX_CONFIG_DEPTH} levels deep; a config needs far fewer` };
    const proto = Object.getPrototypeOf(value) as unknown;
    if (Array.isArray(value)) {
      if (proto !== Array.prototype) return { path, problem: "expected a plain JSON list" };
      value.forEach((item, i) => todo.push({ value: item, path: [...path, i] }));
      continue;
    }
    if (proto !== Object.prototype && proto !== null)
      return { path, problem: "expected a plain JSON object (its prototype carries keys the config would not show)" };
    for (const [key, item] of Object.entries(value)) todo.push({ value: item, path: [...path, key] });
  }
  return undefined;
}
