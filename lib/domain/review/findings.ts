// What the reviewer sees first: findings with a risk level, most dangerous first.

export const LEVELS = ["critical", "high", "medium", "low"] as const;
export type Level = (typeof LEVELS)[number];

export interface ReviewFinding {
  readonly level: Level;
  /** The stack (organization) it is about. */
  readonly stack: string;
  /** A stable identifier for CI gates, e.g. "principal-loses-trusted-access" (lib/domain/review/rules.ts lists them). */
  readonly rule: string;
  /** The same as `rule`, under the name `check`'s findings use. */
  readonly code: string;
  /** The same as `stack`, under the name `check`'s findings use. */
  readonly organization: string;
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
