// Words the readiness renderers share: task policies' short names, a statement's name, a cell's text.
import type { TaskPolicy } from "../../aws-constants";
import type { BlockingStatement } from "../../domain/readiness/prediction";
import type { TaskReadiness } from "../../domain/readiness/readiness-report";

export const SHORT: Record<TaskPolicy, string> = {
  IAMAuditRootUserCredentials: "audit",
  IAMDeleteRootUserCredentials: "delete",
  IAMCreateRootUserPassword: "password",
  S3UnlockBucketPolicy: "s3 unlock",
  SQSUnlockQueuePolicy: "sqs unlock",
};

export function statementName(b: { statementSid?: string; statementIndex: number; kind: string }): string {
  if (b.kind === "implicit") return "no Allow";
  return b.statementSid ? b.statementSid : `#${b.statementIndex}`;
}

/** A verdict, with the denied actions of a partial one. */
export function cell(t: TaskReadiness, label: string): string {
  return t.verdict === "partial" ? `${label} (${t.deniedActions.map((a) => a.split(":")[1]).join(", ")} denied)` : label;
}

export const policyWords = (type: string) => (type === "SERVICE_CONTROL_POLICY" ? "SCP" : "RCP");

/** One blocking statement on one line: policy ID, name and type, target, statement, kind, actions. */
export function statementLine(b: BlockingStatement): string {
  const statement =
    b.kind === "implicit" ? "no statement allows" : `statement ${b.statementSid ? `"${b.statementSid}" (#${b.statementIndex})` : `#${b.statementIndex}`}`;
  return `${policyWords(b.policyType)} ${b.policyId} (${b.policyName}) attached to ${b.targetId}, ${statement}, ${b.kind} deny: ${b.actions.join(", ")}`;
}
