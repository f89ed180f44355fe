// What readiness predicts for a root session in a member account (contract 3: issue-19 codes against it).
import type { TaskPolicy } from "../../aws-constants";

/** ready: every call allowed; blocked: the command cannot do its job; partial: only some inputs fail; unknown: a condition a prediction cannot know. */
export type Verdict = "ready" | "blocked" | "partial" | "unknown";
/** The organization policy types that limit root sessions, as AWS names them. */
export type PolicyType = "SERVICE_CONTROL_POLICY" | "RESOURCE_CONTROL_POLICY";

/** The statement (or, for an implicit deny, the policy lacking an allow) that refuses a root session's calls. */
export interface BlockingStatement {
  readonly policyId: string;
  readonly policyName: string;
  readonly policyType: PolicyType;
  /** Where the policy is attached: the root, an OU or the account. */
  readonly targetId: string;
  readonly statementSid?: string;
  /** The statement's index in the policy (0-based); -1 for an implicit deny (no statement of the policy allows). */
  readonly statementIndex: number;
  /** The task's actions this statement denies (or that no statement at this level allows). */
  readonly actions: readonly string[];
  readonly kind: "explicit" | "implicit";
}

/** The prediction for one account and one task policy. */
export interface TaskPrediction {
  readonly taskPolicy: TaskPolicy;
  readonly verdict: Verdict;
  readonly blockedBy: readonly BlockingStatement[];
  /** Actions such as "iam:DeleteAccessKey" predicted denied; empty when ready. */
  readonly deniedActions: readonly string[];
  /** Why the verdict is unknown, in one sentence. */
  readonly reason?: string;
}

/** Predicts root-session outcomes in member accounts from policies read once per run. */
export interface ReadinessPredictor {
  predict(accountId: string, taskPolicy: TaskPolicy): TaskPrediction;
}
