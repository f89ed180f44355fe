// A review's inputs together, and its findings de-duplicated.
import { ReviewFinding, sortFindings } from "./findings";
import type { PlanReview } from "./plan-review";
import type { StackModel } from "./synth-model";

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
