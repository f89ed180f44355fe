// Root sessions that consult the prediction first: where the organization's policies would refuse
// the task, no session is opened (no alert, no rate limit spent) and the error names the policy.
import { TaskPolicy } from "../../aws-constants";
import { blockedByOrganizationPolicy, UserError } from "../../errors";
import type { RootSessionsPort } from "../ports";
import { POLICY_TYPE_WORDS } from "./predict";
import type { BlockingStatement, ReadinessPredictor, TaskPrediction } from "./prediction";

function statementText(b: BlockingStatement): string {
  const words = POLICY_TYPE_WORDS[b.policyType];
  if (b.kind === "implicit")
    return `no ${words} attached to ${b.targetId} allows ${b.actions.join(", ")} (${words} ${b.policyId} (${b.policyName}) is attached there)`;
  const statement = b.statementSid ? `statement "${b.statementSid}" (#${b.statementIndex})` : `statement #${b.statementIndex}`;
  return `${b.actions.join(", ")} denied with an explicit deny in the ${words} ${b.policyId} (${b.policyName}) attached to ${b.targetId}, ${statement}`;
}

/** The one-line message for a task predicted blocked in an account. */
export function blockedMessage(accountId: string, p: TaskPrediction): string {
  return `${accountId}: no ${p.taskPolicy} root session opened: ${p.blockedBy.map(statementText).join("; ")} (root-access readiness says what to change; --no-predict tries anyway)`;
}

/** The error a workflow reports for a blocked account (code BlockedByOrganizationPolicy). */
export function blockedError(accountId: string, p: TaskPrediction): UserError {
  return blockedByOrganizationPolicy(blockedMessage(accountId, p));
}

/** Wraps root sessions so that a task predicted `blocked` fails before sts:AssumeRoot is called. */
export function predictedRootSessions(sessions: RootSessionsPort, predictor: ReadinessPredictor): RootSessionsPort {
  return {
    withRootSession: <T>(accountId: string, taskPolicy: TaskPolicy, fn: Parameters<RootSessionsPort["withRootSession"]>[2]) => {
      const prediction = predictor.predict(accountId, taskPolicy);
      if (prediction.verdict === "blocked") return Promise.reject(blockedError(accountId, prediction));
      return sessions.withRootSession(accountId, taskPolicy, fn as (s: Parameters<typeof fn>[0]) => Promise<T>);
    },
  };
}
