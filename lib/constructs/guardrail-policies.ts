// The guardrails' policy documents, built as plain data and synthesized as literal JSON, so a
// reviewer reads the exact policy in the pull request.
import { Partition, TaskPolicy, taskPolicyArn } from "../aws-constants";
import { operatorActions } from "../permissions";

/** One statement of an IAM policy document. */
export interface PolicyStatement {
  /** The statement ID. */
  readonly Sid?: string;
  /** Allow or Deny. */
  readonly Effect: "Allow" | "Deny";
  /** Who (resource and trust policies only). */
  readonly Principal?: Record<string, string | string[]>;
  /** The actions. */
  readonly Action: string | string[];
  /** The resources (none in trust policies). */
  readonly Resource?: string | string[];
  /** Condition operators, each on keys and their values. */
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

/** An IAM policy document, synthesized as literal JSON. */
export interface PolicyDocument {
  /** The policy language version. */
  readonly Version: "2012-10-17";
  /** The statements. */
  readonly Statement: PolicyStatement[];
}

/** Who may assume an operator role, optionally only with MFA. */
export function operatorTrustPolicy(principalArns: readonly string[], requireMfa: boolean): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "TrustedOperators",
        Effect: "Allow",
        Principal: { AWS: [...principalArns] },
        Action: "sts:AssumeRole",
        ...(requireMfa ? { Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } } : {}),
      },
    ],
  };
}

/**
 * sts:AssumeRoot on the listed member accounts' root only, and only with the listed task policies;
 * plus exactly the read calls the root-access commands these task policies serve make
 * (lib/permissions.ts), so the role can run them and nothing more.
 */
export function operatorPermissionsPolicy(
  taskPolicies: readonly TaskPolicy[],
  targetAccountIds: readonly string[],
  partition: Partition = "aws",
): PolicyDocument {
  const resources = targetAccountIds.includes("*") ? [`arn:${partition}:iam::*:root`] : targetAccountIds.map((id) => `arn:${partition}:iam::${id}:root`);
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AssumeRootForTaskPolicies",
        Effect: "Allow",
        Action: "sts:AssumeRoot",
        Resource: resources,
        Condition: { ArnEquals: { "sts:TaskPolicyArn": taskPolicies.map((t) => taskPolicyArn(t, partition)) } },
      },
      { Sid: "ReadOrganization", Effect: "Allow", Action: operatorActions(taskPolicies), Resource: "*" },
    ],
  };
}

/** AWS's pattern: deny the root user everything, except inside AssumeRoot sessions. */
export function denyRootScpPolicy(partition: Partition = "aws"): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyRootUserOutsideAssumeRoot",
        Effect: "Deny",
        Action: "*",
        Resource: "*",
        Condition: {
          ArnLike: { "aws:PrincipalArn": `arn:${partition}:iam::*:root` },
          Null: { "aws:AssumedRoot": "true" },
        },
      },
    ],
  };
}

/** CloudTrail's AssumeRoot events as EventBridge delivers them. */
export function assumeRootEventPattern(): Record<string, unknown> {
  return {
    source: ["aws.sts"],
    "detail-type": ["AWS API Call via CloudTrail"],
    detail: { eventSource: ["sts.amazonaws.com"], eventName: ["AssumeRoot"] },
  };
}

/** Lets this EventBridge rule (and nothing else) publish to the topic. */
export function alertsTopicPolicy(topicArn: string, ruleArn: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "EventBridgePublishesAssumeRootAlerts",
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sns:Publish",
        Resource: topicArn,
        Condition: { ArnEquals: { "aws:SourceArn": ruleArn } },
      },
    ],
  };
}

/** The ARN of an account's default event bus in a region. */
export function defaultEventBusArn(region: string, accountId: string, partition: Partition = "aws"): string {
  return `arn:${partition}:events:${region}:${accountId}:event-bus/default`;
}

/** Lets the delegated administrator's alert rule put its AssumeRoot events on the management account's default bus. */
export function alertsBusPolicy(busArn: string, sourceAccountId: string, partition: Partition = "aws"): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DelegatedAdministratorForwardsAssumeRootEvents",
        Effect: "Allow",
        Principal: { AWS: `arn:${partition}:iam::${sourceAccountId}:root` },
        Action: "events:PutEvents",
        Resource: busArn,
      },
    ],
  };
}

/** Stable, readable JSON for a synthesized document. */
export function policyJson(doc: PolicyDocument | Record<string, unknown>): string {
  return JSON.stringify(doc, null, 2);
}
