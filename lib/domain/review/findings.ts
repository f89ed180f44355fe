// What the reviewer sees first: findings with a risk level, most dangerous first.
import type { PlanReview } from "./plan-review";
import type { StackModel } from "./synth-model";

export const LEVELS = ["critical", "high", "medium", "low"] as const;
export type Level = (typeof LEVELS)[number];

export interface ReviewFinding {
  readonly level: Level;
  /** The stack (organization) it is about. */
  readonly stack: string;
  /** A stable identifier for CI gates, e.g. "principal-loses-trusted-access". */
  readonly rule: string;
  /** One line, e.g. "sso.amazonaws.com would lose trusted access". */
  readonly message: string;
  /** A before/after text (policy documents) shown in a diff fence. */
  readonly diff?: { readonly before: string; readonly after: string };
}

export function atLeast(level: Level, threshold: Level): boolean {
  return LEVELS.indexOf(level) <= LEVELS.indexOf(threshold);
}

export function sortFindings(findings: ReviewFinding[]): ReviewFinding[] {
  return [...findings].sort((a, b) => LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level));
}

/** Everything a review looked at: synthesized stacks (and their base), and plans. */
export interface ReviewInput {
  readonly head?: StackModel[];
  readonly base?: StackModel[];
  readonly synthFindings: ReviewFinding[];
  readonly plans: PlanReview[];
}

/** Every finding once, most dangerous first: the same risk found in the synth diff and in a plan is reported once. */
export function allFindings(input: ReviewInput): ReviewFinding[] {
  const seen = new Set<string>();
  return sortFindings([...input.synthFindings, ...input.plans.flatMap((p) => p.findings)]).filter((f) => {
    const key = `${f.level}|${f.stack}|${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
