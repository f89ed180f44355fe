// Wildcard matching as IAM does it: `*` any run of characters, `?` one character; ARNs compared
// segment by segment (the six colon-separated parts), each with its own wildcards.
import { PartialResource, Tri } from "./request-context";

const cache = new Map<string, RegExp>();

/** Does `value` match the glob `pattern` (`*`, `?`)? */
export function globMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const key = `${ignoreCase ? "i" : "s"}${pattern}`;
  let re = cache.get(key);
  if (!re) {
    const body = pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, "[\\s\\S]*")
      .replace(/\?/g, "[\\s\\S]");
    re = new RegExp(`^${body}$`, ignoreCase ? "i" : "");
    if (cache.size > 10_000) cache.clear();
    cache.set(key, re);
  }
  return re.test(value);
}

/** Splits an ARN into its six parts (the last keeps its colons); undefined when it has fewer. */
function arnParts(arn: string): string[] | undefined {
  const parts = arn.split(":");
  if (parts.length < 6) return undefined;
  return [...parts.slice(0, 5), parts.slice(5).join(":")];
}

/** ARN matching (Resource element, ArnLike/ArnEquals): segment by segment; a pattern that is not an ARN matches as a whole. */
export function arnMatch(pattern: string, arn: string): boolean {
  if (pattern === "*") return true;
  const p = arnParts(pattern);
  const a = arnParts(arn);
  if (!p || !a) return globMatch(pattern, arn);
  return p.every((segment, i) => globMatch(segment, a[i]));
}

/** Does a Resource pattern match a resource whose name is not known? True when it matches every name, false when none. */
export function resourceMatch(pattern: string, resource: string | PartialResource): Tri {
  if (typeof resource === "string") return arnMatch(pattern, resource);
  if (pattern === "*") return true;
  // Matches every name: the pattern is (something matching the prefix) followed by `*`.
  if (pattern.endsWith("*") && arnMatch(pattern.slice(0, -1), resource.prefix)) return true;
  // Could match some name: the pattern's literal start agrees with the prefix.
  const literal = pattern.split(/[*?]/)[0];
  const n = Math.min(literal.length, resource.prefix.length);
  if (literal.slice(0, n) !== resource.prefix.slice(0, n)) return false;
  return { unknown: resource.reason };
}
