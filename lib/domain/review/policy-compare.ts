// Reads the policy documents the stacks synthesize, to tell widening from narrowing.

type Statement = {
  Sid?: string;
  Effect?: string;
  Action?: unknown;
  Resource?: unknown;
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
};

export function parsePolicy(text: unknown): { Statement: Statement[] } | undefined {
  if (typeof text !== "string") return undefined;
  try {
    const doc = JSON.parse(text);
    const statements = Array.isArray(doc?.Statement) ? doc.Statement : doc?.Statement ? [doc.Statement] : [];
    return { Statement: statements };
  } catch {
    return undefined;
  }
}

export function list(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

/** Task policy ARNs, target resources and principals an operator policy pair grants. */
export interface OperatorGrant {
  readonly taskPolicies: string[];
  readonly targets: string[];
  readonly principals: string[];
  readonly mfa: boolean;
}

export function assumeRootGrant(permissions: unknown): { taskPolicies: string[]; targets: string[] } {
  const doc = parsePolicy(permissions);
  const taskPolicies: string[] = [];
  const targets: string[] = [];
  for (const s of doc?.Statement ?? []) {
    if (s.Effect !== "Allow" || !list(s.Action).includes("sts:AssumeRoot")) continue;
    targets.push(...list(s.Resource));
    taskPolicies.push(...list(s.Condition?.ArnEquals?.["sts:TaskPolicyArn"] ?? s.Condition?.ArnLike?.["sts:TaskPolicyArn"] ?? "*"));
  }
  return { taskPolicies: [...new Set(taskPolicies)].sort(), targets: [...new Set(targets)].sort() };
}

export function trustGrant(trust: unknown): { principals: string[]; mfa: boolean } {
  const doc = parsePolicy(trust);
  const principals: string[] = [];
  let mfa = true;
  for (const s of doc?.Statement ?? []) {
    if (s.Effect !== "Allow") continue;
    const p = s.Principal as { AWS?: unknown } | string | undefined;
    principals.push(...(typeof p === "string" ? [p] : list(p?.AWS)));
    if (s.Condition?.Bool?.["aws:MultiFactorAuthPresent"] !== "true") mfa = false;
  }
  return { principals: [...new Set(principals)].sort(), mfa: principals.length > 0 && mfa };
}

/** Short names for task policy ARNs in messages. */
export function taskPolicyName(arn: string): string {
  return arn.split("/").pop() ?? arn;
}

/** Deny statements of `before` that `after` no longer has, word for word: the deny got narrower. */
export function removedDenies(before: unknown, after: unknown): Statement[] {
  const a = parsePolicy(after)?.Statement ?? [];
  const key = (s: Statement) => JSON.stringify({ e: s.Effect, a: s.Action, r: s.Resource, c: s.Condition });
  const kept = new Set(a.map(key));
  return (parsePolicy(before)?.Statement ?? []).filter((s) => s.Effect === "Deny" && !kept.has(key(s)));
}

export function pretty(text: unknown): string {
  if (typeof text !== "string") return String(text ?? "");
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
