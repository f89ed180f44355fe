// Every rule `root-access review` applies: its ID (a contract CI gates read), its level, and what
// it flags. The README's level table is generated from this list (a test keeps them equal).
import { Level, LEVELS, ReviewFinding } from "./findings";

export interface ReviewRule {
  /** Stable ID, in findings' `rule` (and `code`) field. */
  readonly id: string;
  readonly level: Level;
  /** What it flags, in the README's words. */
  readonly what: string;
}

export const REVIEW_RULES = [
  {
    id: "principal-loses-trusted-access",
    level: "critical",
    what: "a service principal loses trusted access (`organization` mode's authoritative list; e.g. SSO, Config)",
  },
  { id: "policy-type-disabled", level: "critical", what: "a policy type is disabled (its policies are detached)" },
  { id: "organization-removed", level: "critical", what: "the organization leaves the stack without a `removed` block (Terraform would delete it)" },
  { id: "organization-deleted", level: "critical", what: "a plan deletes the organization" },
  { id: "organization-replaced", level: "critical", what: "a plan replaces the organization (deleted and created again)" },
  { id: "features-destroyed", level: "high", what: "the features resource is destroyed (every root access feature disabled)" },
  { id: "feature-disabled", level: "high", what: "a root access feature is disabled" },
  { id: "delegated-admin-removed", level: "high", what: "the IAM delegated administrator is deregistered or changed" },
  { id: "scp-removed", level: "high", what: "an SCP is deleted" },
  { id: "scp-detached", level: "high", what: "an SCP is detached from a target" },
  { id: "scp-deny-narrowed", level: "high", what: "one of an SCP's deny statements is removed or changed" },
  { id: "stack-removed", level: "high", what: "a stack leaves the app" },
  { id: "policy-types-managed", level: "high", what: "the stack starts managing policy types authoritatively" },
  {
    id: "prevent-destroy-removed",
    level: "high",
    what: "a root-access resource loses `prevent_destroy` (e.g. `destroyDisables: true`): the next destroy turns it off",
  },
  { id: "operator-role-added", level: "medium", what: "a new operator role" },
  { id: "operator-role-task-policies", level: "medium", what: "an operator role gains task policies" },
  { id: "operator-role-accounts", level: "medium", what: "an operator role gains target accounts" },
  { id: "operator-role-principals", level: "medium", what: "an operator role gains trusted principals" },
  { id: "operator-role-mfa", level: "medium", what: "an operator role loses its MFA requirement" },
  { id: "alerts-removed", level: "medium", what: "AssumeRoot alerts are removed" },
  { id: "backend-changed", level: "medium", what: "the state backend changes" },
  {
    id: "stack-stops-managing",
    level: "medium",
    what: "`stopManaging`: Terraform forgets every resource of the stack (`removed` blocks), AWS keeps them; nothing is reviewed or applied there any more",
  },
  { id: "stack-added", level: "low", what: "a new stack" },
  { id: "organization-forgotten", level: "low", what: "the organization leaves the stack through a `removed` block (nothing deleted)" },
  { id: "features-forgotten", level: "low", what: "the features resource is forgotten (`removed` block; the features stay on)" },
  { id: "delegated-admin-forgotten", level: "low", what: "the delegated administrator is forgotten (`removed` block; it stays registered)" },
  { id: "scp-forgotten", level: "low", what: "an SCP is forgotten (`removed` block; it stays attached)" },
  { id: "alerts-forgotten", level: "low", what: "AssumeRoot alerts are forgotten (`removed` blocks; they keep firing)" },
  { id: "operator-role-forgotten", level: "low", what: "an operator role is forgotten (`removed` block; it stays in AWS)" },
  { id: "feature-enabled", level: "low", what: "a root access feature is enabled" },
  { id: "delegated-admin-added", level: "low", what: "an IAM delegated administrator is registered" },
  { id: "scp-added", level: "low", what: "an SCP is attached" },
  { id: "operator-role-removed", level: "low", what: "an operator role is deleted" },
  { id: "provider-changed", level: "low", what: "the provider settings change" },
] as const satisfies readonly ReviewRule[];

export type ReviewRuleId = (typeof REVIEW_RULES)[number]["id"];

const BY_ID = new Map<string, ReviewRule>(REVIEW_RULES.map((r) => [r.id, r]));

/** The level of a rule. */
export function levelOf(id: ReviewRuleId): Level {
  return (BY_ID.get(id) as ReviewRule).level;
}

/** The README's table: one row per level, each rule's `what` with its ID. */
export function reviewRulesMarkdown(): string {
  const rows = LEVELS.map((level) => {
    const what = REVIEW_RULES.filter((r) => r.level === level)
      .map((r) => `${r.what} (\`${r.id}\`)`)
      .join("; ");
    return `| ${level === "low" ? "low" : `**${level}**`} | ${what} |`;
  });
  return ["| level | what (rule ID) |", "|---|---|", ...rows].join("\n");
}

/** A finding of rule `id` about `stack`, at the rule's level. */
export function finding(stack: string, id: ReviewRuleId, message: string, diff?: ReviewFinding["diff"]): ReviewFinding {
  return { level: levelOf(id), stack, rule: id, message, ...(diff ? { diff } : {}), code: id, organization: stack };
}
