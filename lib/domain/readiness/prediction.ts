// What the readiness prediction tells other workflows: per account and task policy, whether the
// organization's SCPs and RCPs would refuse a root session's calls (contract 3; issue-18 owns it).
import type { TaskPolicy } from "../../aws-constants";

export type Verdict = "ready" | "blocked" | "partial" | "unknown";
export type PolicyType = "SERVICE_CONTROL_POLICY" | "RESOURCE_CONTROL_POLICY";

export interface BlockingStatement {
  readonly policyId: string;
  readonly policyName: string;
  readonly policyType: PolicyType;
  readonly targetId: string;
  readonly statementSid?: string;
  readonly statementIndex: number;
  readonly actions: readonly string[];
  readonly kind: "explicit" | "implicit";
}

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
