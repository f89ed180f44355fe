// Condition operators as the IAM reference defines them (Condition element, "IAM JSON policy
// elements: Condition operators"): every family, `...IfExists`, `ForAnyValue:`/`ForAllValues:`,
// policy variables in values. Key names are case-insensitive; values as each operator states.
import { globMatch, arnMatch } from "./patterns";
import { and, isUnknown, not, or, RequestContext, Tri } from "./request-context";

type Compare = (context: string, policy: string) => boolean;

interface BaseOperator {
  readonly compare: Compare;
  /** Negated operators (StringNotEquals, ...) hold when the key is absent and when no value matches. */
  readonly negated: boolean;
  /** Policy variables (${aws:PrincipalAccount}) are replaced in the values of string and ARN operators. */
  readonly variables: boolean;
}

const number = (s: string) => (s.trim() === "" ? NaN : Number(s));
/** Dates as ISO 8601 or epoch seconds. */
const date = (s: string) => (/^\d+(\.\d+)?$/.test(s) ? Number(s) * 1000 : Date.parse(s));
const numeric =
  (f: (a: number, b: number) => boolean): Compare =>
  (c, p) => {
    const [a, b] = [number(c), number(p)];
    return !Number.isNaN(a) && !Number.isNaN(b) && f(a, b);
  };
const dated =
  (f: (a: number, b: number) => boolean): Compare =>
  (c, p) => {
    const [a, b] = [date(c), date(p)];
    return !Number.isNaN(a) && !Number.isNaN(b) && f(a, b);
  };

const stringEquals: Compare = (c, p) => c === p;
const ignoreCase: Compare = (c, p) => c.toLowerCase() === p.toLowerCase();
const stringLike: Compare = (c, p) => globMatch(p, c);
const arnLike: Compare = (c, p) => arnMatch(p, c);

const op = (compare: Compare, negated = false, variables = false): BaseOperator => ({ compare, negated, variables });

/** Every base operator, by lower-case name. */
const OPERATORS: Record<string, BaseOperator> = {
  stringequals: op(stringEquals, false, true),
  stringnotequals: op(stringEquals, true, true),
  stringequalsignorecase: op(ignoreCase, false, true),
  stringnotequalsignorecase: op(ignoreCase, true, true),
  stringlike: op(stringLike, false, true),
  stringnotlike: op(stringLike, true, true),
  numericequals: op(numeric((a, b) => a === b)),
  numericnotequals: op(
    numeric((a, b) => a === b),
    true,
  ),
  numericlessthan: op(numeric((a, b) => a < b)),
  numericlessthanequals: op(numeric((a, b) => a <= b)),
  numericgreaterthan: op(numeric((a, b) => a > b)),
  numericgreaterthanequals: op(numeric((a, b) => a >= b)),
  dateequals: op(dated((a, b) => a === b)),
  datenotequals: op(
    dated((a, b) => a === b),
    true,
  ),
  datelessthan: op(dated((a, b) => a < b)),
  datelessthanequals: op(dated((a, b) => a <= b)),
  dategreaterthan: op(dated((a, b) => a > b)),
  dategreaterthanequals: op(dated((a, b) => a >= b)),
  bool: op((c, p) => c.toLowerCase() === p.toLowerCase()),
  binaryequals: op(stringEquals),
  ipaddress: op(ipInCidr),
  notipaddress: op(ipInCidr, true),
  arnequals: op(arnLike, false, true),
  arnlike: op(arnLike, false, true),
  arnnotequals: op(arnLike, true, true),
  arnnotlike: op(arnLike, true, true),
};

/** The parts of an operator name such as `ForAllValues:StringNotLikeIfExists`. */
export interface ParsedOperator {
  readonly set?: "any" | "all";
  readonly base: string;
  readonly ifExists: boolean;
}

export function parseOperator(name: string): ParsedOperator | undefined {
  const m = /^(?:(forAnyValue|forAllValues):)?(.+?)(IfExists)?$/i.exec(name);
  if (!m) return undefined;
  const base = m[2].toLowerCase();
  if (base !== "null" && !OPERATORS[base]) return undefined;
  if (base === "null" && m[3]) return undefined;
  return { set: m[1] ? (m[1].toLowerCase() === "foranyvalue" ? "any" : "all") : undefined, base, ifExists: Boolean(m[3]) };
}

/** Replaces ${key} policy variables; unknown when a key's value cannot be predicted, undefined when it is absent. */
export function substitute(value: string, ctx: RequestContext): string | undefined | { unknown: string } {
  if (!value.includes("${")) return value;
  let absent = false;
  let unknown: string | undefined;
  const out = value.replace(/\$\{([^}]*)\}/g, (_all, inner: string) => {
    if (inner === "*" || inner === "?" || inner === "$") return inner;
    const [name, fallback] = inner.split(",").map((s) => s.trim());
    const key = name.toLowerCase();
    const why = ctx.unknownKey?.(key);
    if (why) unknown ??= why;
    const v = ctx.keys.get(key);
    if (typeof v === "string") return v;
    const def = fallback?.match(/^'(.*)'$/)?.[1];
    if (def !== undefined) return def;
    absent = true;
    return "";
  });
  if (unknown) return { unknown };
  return absent ? undefined : out;
}

/** One operator on one key with its policy values, against the request. */
export function evaluateCondition(operatorName: string, key: string, rawValues: unknown, ctx: RequestContext): Tri {
  const parsed = parseOperator(operatorName);
  if (!parsed) return { unknown: `the condition operator ${operatorName} is not one IAM defines` };
  const values = (Array.isArray(rawValues) ? rawValues : [rawValues]).map((v) => String(v));
  const name = key.toLowerCase();
  const why = ctx.unknownKey?.(name);
  if (why) return { unknown: why };
  const present = ctx.keys.get(name);

  if (parsed.base === "null") {
    const absent = present === undefined || (Array.isArray(present) && present.length === 0);
    return values.some((v) => (v.toLowerCase() === "true" ? absent : !absent));
  }
  const operator = OPERATORS[parsed.base];
  const contextValues = present === undefined ? [] : typeof present === "string" ? [present] : [...present];
  if (contextValues.length === 0) {
    if (parsed.set === "all") return true;
    if (parsed.set === "any") return false;
    return parsed.ifExists || operator.negated;
  }
  const policyValues: Tri[] = [];
  const resolved: string[] = [];
  for (const v of values) {
    if (!operator.variables) {
      resolved.push(v);
      continue;
    }
    const s = substitute(v, ctx);
    if (s === undefined) continue; // a variable without value matches nothing
    if (typeof s === "object") policyValues.push(s);
    else resolved.push(s);
  }
  /** Does one request value match any policy value (the positive operator)? */
  const matchesAny = (c: string): Tri => or([...resolved.map((p) => operator.compare(c, p)), ...policyValues]);
  const single = (c: string): Tri => (operator.negated ? not(matchesAny(c)) : matchesAny(c));
  if (parsed.set === "all") return and(contextValues.map(single));
  return or(contextValues.map(single));
}

/** Every operator and every key of a Condition block must hold. */
export function evaluateConditionBlock(block: unknown, ctx: RequestContext): Tri {
  if (block === undefined || block === null) return true;
  if (typeof block !== "object") return { unknown: "the Condition element is not an object" };
  const results: Tri[] = [];
  for (const [operator, keys] of Object.entries(block as Record<string, unknown>)) {
    if (!keys || typeof keys !== "object") return { unknown: `the condition ${operator} has no keys` };
    for (const [key, values] of Object.entries(keys as Record<string, unknown>)) results.push(evaluateCondition(operator, key, values, ctx));
  }
  // A definite false wins over an unknown: the statement does not apply whatever the unknown key holds.
  return and(results);
}

function ipToBigInt(ip: string): { value: bigint; bits: number } | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) {
    const parts = ip.split(".").map(Number);
    if (parts.some((p) => p > 255)) return undefined;
    return { value: parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n), bits: 32 };
  }
  if (ip.includes(":")) {
    const [head, tail] = ip.split("::");
    const h = head ? head.split(":") : [];
    const t = tail !== undefined ? (tail ? tail.split(":") : []) : [];
    const groups = tail !== undefined ? [...h, ...Array(8 - h.length - t.length).fill("0"), ...t] : h;
    if (groups.length !== 8 || groups.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return undefined;
    return { value: groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n), bits: 128 };
  }
  return undefined;
}

/** Is the address inside the CIDR block (or equal to the single address)? */
function ipInCidr(address: string, cidr: string): boolean {
  const [net, lenText] = cidr.split("/");
  const a = ipToBigInt(address);
  const n = ipToBigInt(net);
  if (!a || !n || a.bits !== n.bits) return false;
  const len = lenText === undefined ? n.bits : Number(lenText);
  if (!Number.isInteger(len) || len < 0 || len > n.bits) return false;
  const shift = BigInt(n.bits - len);
  return a.value >> shift === n.value >> shift;
}

export { isUnknown };
