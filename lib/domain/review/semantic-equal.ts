// Whether two values from a terraform plan mean the same to AWS: what the provider's refresh
// reports as drift right after an apply is often only a different spelling.

/**
 * Equal after normalising what the AWS provider and AWS rewrite without changing meaning: `null`,
 * `{}`, `[]` and absent are the same (e.g. `tags` null -> {}); JSON documents in strings (policies)
 * compare parsed, keys in any order, and a one-element list equals its element (AWS writes
 * `"Action": "sns:Publish"` for `["sns:Publish"]`).
 */
export function sameMeaning(a: unknown, b: unknown): boolean {
  return JSON.stringify(normalise(a)) === JSON.stringify(normalise(b));
}

function normalise(v: unknown, inDocument = false): unknown {
  if (v === null || v === undefined) return undefined;
  if (typeof v === "string") {
    const t = v.trim();
    if ((t.startsWith("{") && t.endsWith("}")) || (t.startsWith("[") && t.endsWith("]"))) {
      try {
        return normalise(JSON.parse(t), true);
      } catch {
        return v;
      }
    }
    return v;
  }
  if (Array.isArray(v)) {
    const items = v.map((x) => normalise(x, inDocument)).filter((x) => x !== undefined);
    if (items.length === 0) return undefined;
    return inDocument && items.length === 1 ? items[0] : items;
  }
  if (typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => [k, normalise(x, inDocument)] as const)
      .filter(([, x]) => x !== undefined)
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return entries.length === 0 ? undefined : Object.fromEntries(entries);
  }
  return v;
}
