// The SCP/RCP evaluator: plain functions, policy JSON and a request in, a decision naming the
// statement that made it out. Organization policies are judged level by level as AWS does (AWS
// Organizations User Guide, "SCP evaluation"): any matching Deny on the path denies; every level
// (root, each OU down, the account) needs a matching Allow, else an implicit deny at that level.
import { evaluateConditionBlock, substitute } from "./conditions";
import { globMatch, resourceMatch } from "./patterns";
import { and, isUnknown, or, RequestContext, Tri } from "./request-context";

export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect?: string;
  readonly Action?: string | string[];
  readonly NotAction?: string | string[];
  readonly Resource?: string | string[];
  readonly NotResource?: string | string[];
  readonly Principal?: unknown;
  readonly NotPrincipal?: unknown;
  readonly Condition?: unknown;
}

export interface PolicyDocument {
  readonly Version?: string;
  readonly Statement: PolicyStatement | PolicyStatement[];
}

/** A statement that decided (or may decide) a request. */
export interface StatementRef {
  readonly index: number;
  readonly sid?: string;
}

export interface PolicyDecision {
  /** The first Deny statement that applies. */
  readonly deny?: StatementRef;
  /** The first Allow statement that applies. */
  readonly allow?: StatementRef;
  /** A Deny that may apply, depending on a value a prediction cannot know. */
  readonly maybeDeny?: StatementRef & { readonly reason: string };
  /** An Allow that may apply. */
  readonly maybeAllow?: StatementRef & { readonly reason: string };
}

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Parses a policy's content; throws with a clear message when it is not a policy document. */
export function parsePolicy(content: string): PolicyDocument {
  const doc = JSON.parse(content) as PolicyDocument;
  if (!doc || typeof doc !== "object" || doc.Statement === undefined) throw new Error("the policy has no Statement");
  return doc;
}

export function statementsOf(doc: PolicyDocument): PolicyStatement[] {
  return Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
}

function actionApplies(s: PolicyStatement, action: string): boolean {
  if (s.NotAction !== undefined) return !list(s.NotAction).some((p) => globMatch(p, action, true));
  return list(s.Action).some((p) => globMatch(p, action, true));
}

function resourceApplies(s: PolicyStatement, ctx: RequestContext, variables: boolean): Tri {
  const one = (pattern: string): Tri => {
    const p = variables ? substitute(pattern, ctx) : pattern;
    if (p === undefined) return false;
    if (typeof p === "object") return p;
    return resourceMatch(p, ctx.resource);
  };
  if (s.NotResource !== undefined) {
    const r = or(list(s.NotResource).map(one));
    return isUnknown(r) ? r : !r;
  }
  // Resource may be left out of an SCP statement: it then means every resource.
  if (s.Resource === undefined) return true;
  return or(list(s.Resource).map(one));
}

function principalMatches(principal: unknown, ctx: RequestContext): Tri {
  if (principal === "*") return true;
  if (!principal || typeof principal !== "object") return false;
  const aws = (principal as Record<string, unknown>).AWS;
  const values = aws === undefined ? [] : Array.isArray(aws) ? aws.map(String) : [String(aws)];
  if (values.includes("*")) return true;
  if (!ctx.principalArn) return { unknown: "the caller's ARN is not known to the prediction" };
  const account = ctx.principalArn.split(":")[4];
  return values.some((v) => v === ctx.principalArn || v === account || v === `arn:${ctx.principalArn?.split(":")[1]}:iam::${account}:root`);
}

function principalApplies(s: PolicyStatement, ctx: RequestContext): Tri {
  if (s.NotPrincipal !== undefined) {
    const r = principalMatches(s.NotPrincipal, ctx);
    return isUnknown(r) ? r : !r;
  }
  if (s.Principal === undefined) return true;
  return principalMatches(s.Principal, ctx);
}

/** Does the statement apply to the request (action, resource, principal and every condition)? */
export function statementApplies(s: PolicyStatement, ctx: RequestContext, version = "2012-10-17"): Tri {
  if (!actionApplies(s, ctx.action)) return false;
  return and([resourceApplies(s, ctx, version === "2012-10-17"), principalApplies(s, ctx), evaluateConditionBlock(s.Condition, ctx)]);
}

/** Every statement of one policy against the request. */
export function evaluatePolicy(doc: PolicyDocument, ctx: RequestContext): PolicyDecision {
  let deny: StatementRef | undefined;
  let allow: StatementRef | undefined;
  let maybeDeny: PolicyDecision["maybeDeny"];
  let maybeAllow: PolicyDecision["maybeAllow"];
  statementsOf(doc).forEach((s, index) => {
    const applies = statementApplies(s, ctx, doc.Version);
    if (applies === false) return;
    const ref = { index, ...(s.Sid ? { sid: s.Sid } : {}) };
    const isDeny = String(s.Effect).toLowerCase() === "deny";
    if (applies === true) {
      if (isDeny) deny ??= ref;
      else allow ??= ref;
    } else if (isDeny) maybeDeny ??= { ...ref, reason: applies.unknown };
    else maybeAllow ??= { ...ref, reason: applies.unknown };
  });
  return { deny, allow, maybeDeny, maybeAllow };
}

/** A policy attached at one level of the account's path. */
export interface AttachedPolicy {
  readonly id: string;
  readonly name: string;
  readonly document: PolicyDocument;
}

/** One level of the path: the root, an OU or the account, with its attached policies of one type. */
export interface PolicyLevel {
  readonly targetId: string;
  readonly policies: readonly AttachedPolicy[];
}

export type PathDecision =
  | { readonly decision: "allowed" }
  | { readonly decision: "denied"; readonly kind: "explicit"; readonly targetId: string; readonly policy: AttachedPolicy; readonly statement: StatementRef }
  | { readonly decision: "denied"; readonly kind: "implicit"; readonly targetId: string; readonly policies: readonly AttachedPolicy[] }
  | {
      readonly decision: "unknown";
      readonly reason: string;
      readonly targetId: string;
      readonly policy: AttachedPolicy;
      readonly statement: StatementRef;
    };

/**
 * Judges a request against the policies of every level on the path, root first. A Deny that applies
 * anywhere denies; a level where no Allow applies denies implicitly; a decision hanging on a value
 * the prediction cannot know is unknown (a definite deny still wins). With `denyOnly` (RCPs, where
 * RCPFullAWSAccess is attached everywhere and cannot be detached) only the denies count.
 */
export function evaluatePath(levels: readonly PolicyLevel[], ctx: RequestContext, options: { denyOnly?: boolean } = {}): PathDecision {
  const decided = levels.map((level) => ({ level, decisions: level.policies.map((policy) => ({ policy, d: evaluatePolicy(policy.document, ctx) })) }));
  for (const { level, decisions } of decided) {
    for (const { policy, d } of decisions) if (d.deny) return { decision: "denied", kind: "explicit", targetId: level.targetId, policy, statement: d.deny };
  }
  let unknown: PathDecision | undefined;
  for (const { level, decisions } of options.denyOnly ? [] : decided) {
    if (decisions.some(({ d }) => d.allow)) continue;
    const maybe = decisions.find(({ d }) => d.maybeAllow);
    if (maybe?.d.maybeAllow) {
      unknown ??= { decision: "unknown", reason: maybe.d.maybeAllow.reason, targetId: level.targetId, policy: maybe.policy, statement: maybe.d.maybeAllow };
      continue;
    }
    return { decision: "denied", kind: "implicit", targetId: level.targetId, policies: level.policies };
  }
  if (unknown) return unknown;
  for (const { level, decisions } of decided) {
    for (const { policy, d } of decisions) {
      if (d.maybeDeny) return { decision: "unknown", reason: d.maybeDeny.reason, targetId: level.targetId, policy, statement: d.maybeDeny };
    }
  }
  return { decision: "allowed" };
}
