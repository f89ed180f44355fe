// The request an evaluator judges: action, resource, principal and condition keys, where a key's
// value may be known, absent, or unknowable to a prediction (then every condition on it is unknown).

/** A value the evaluator cannot decide, with the reason in one sentence. */
export interface Unknown {
  readonly unknown: string;
}
/** Three-valued logic: true, false, or unknown with a reason. */
export type Tri = boolean | Unknown;

export function isUnknown(t: Tri): t is Unknown {
  return typeof t === "object";
}

/** A resource whose name a prediction does not know (a bucket, a queue, an MFA device): the ARN up to the name, and why. */
export interface PartialResource {
  readonly prefix: string;
  readonly reason: string;
}

export interface RequestContext {
  /** e.g. "iam:GetLoginProfile". */
  readonly action: string;
  /** The resource ARN, or the part a prediction knows. */
  readonly resource: string | PartialResource;
  /** The principal making the call (for Principal/NotPrincipal in resource control policies). */
  readonly principalArn?: string;
  /** Condition keys (names in lower case) with their values; a key not here is absent unless `unknownKey` knows better. */
  readonly keys: ReadonlyMap<string, string | readonly string[]>;
  /** Why a key's value cannot be predicted (lower-case name in), or undefined when it is known or absent. */
  readonly unknownKey?: (key: string) => string | undefined;
}

/** Tri-valued AND: false wins, then unknown, then true. */
export function and(values: Iterable<Tri>): Tri {
  let unknown: Unknown | undefined;
  for (const v of values) {
    if (v === false) return false;
    if (isUnknown(v)) unknown ??= v;
  }
  return unknown ?? true;
}

/** Tri-valued OR: true wins, then unknown, then false. */
export function or(values: Iterable<Tri>): Tri {
  let unknown: Unknown | undefined;
  for (const v of values) {
    if (v === true) return true;
    if (isUnknown(v)) unknown ??= v;
  }
  return unknown ?? false;
}

export function not(v: Tri): Tri {
  return isUnknown(v) ? v : !v;
}

/** A request context from plain key/value pairs (key names any case). */
export function requestContext(input: {
  action: string;
  resource: string | PartialResource;
  principalArn?: string;
  keys: Record<string, string | readonly string[]>;
  unknownKey?: (key: string) => string | undefined;
}): RequestContext {
  const keys = new Map(Object.entries(input.keys).map(([k, v]) => [k.toLowerCase(), v] as const));
  return { action: input.action, resource: input.resource, principalArn: input.principalArn, keys, unknownKey: input.unknownKey };
}
