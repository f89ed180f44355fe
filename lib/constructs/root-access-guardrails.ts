// Guardrails around centralized root access: least-privilege operator roles for sts:AssumeRoot,
// a root-denying SCP that spares AssumeRoot sessions, and alerts on every root session.
import { CloudwatchEventBusPolicy } from "@cdktf/provider-aws/lib/cloudwatch-event-bus-policy";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { OrganizationsPolicy } from "@cdktf/provider-aws/lib/organizations-policy";
import { OrganizationsPolicyAttachment } from "@cdktf/provider-aws/lib/organizations-policy-attachment";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { ITerraformDependable, TerraformProvider, Token } from "cdktf";
import { Construct } from "constructs";
import { OperatorRoleLocation, Partition, partitionOf, TaskPolicy } from "../aws-constants";
import { InvalidPropsError } from "../errors";
import { problemLine } from "../validations";
import {
  alertsBusPolicy,
  alertsTopicPolicy,
  assumeRootEventPattern,
  defaultEventBusArn,
  denyRootScpPolicy,
  operatorPermissionsPolicy,
  operatorTrustPolicy,
  policyJson,
} from "./guardrail-policies";
import { rootAccessGuardrailsProblems } from "./root-access-guardrails-rules";

/** One operator role: who may open root sessions, in which accounts, with which task policies. */
export interface OperatorRoleProps {
  /** The IAM role name. */
  readonly name: string;
  /** Task policies the role may open root sessions with. */
  readonly taskPolicies: readonly TaskPolicy[];
  /** Principals allowed to assume the role. */
  readonly trustedPrincipalArns: readonly string[];
  /** "*" for every member account, or member account IDs. */
  readonly targetAccountIds: readonly string[];
  /**
   * Require MFA to assume the role.
   * @default false
   */
  readonly requireMfa?: boolean;
  /**
   * Allow another account's `:root` in `trustedPrincipalArns` (it trusts whatever that account's IAM
   * allows). Checked by the organizations config; the construct accepts the key.
   * @default false
   */
  readonly allowForeignAccountRoot?: boolean;
  /**
   * @default 3600
   */
  readonly maxSessionDurationSeconds?: number;
  /**
   * The account the role is created in.
   * @default "management"
   */
  readonly in?: OperatorRoleLocation;
}

/** The props of RootAccessGuardrails: every part optional. */
export interface RootAccessGuardrailsProps {
  /** @default - no operator roles */
  readonly operatorRoles?: readonly OperatorRoleProps[];
  /** @default - no SCP */
  readonly denyRootScp?: { readonly targetIds: readonly string[] };
  /** @default - no alerts */
  readonly assumeRootAlerts?: { readonly emails?: readonly string[]; readonly snsTopicArn?: string };
  /**
   * Provider for roles "in" the delegated administrator; required when any role is there.
   * @default - none
   */
  readonly delegatedAdministratorProvider?: TerraformProvider;
  /**
   * Resources that must exist first (trusted access, the features).
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * The provider of the management account.
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
  /**
   * The region of both providers: where the alert rules listen, and so the region root sessions
   * must be opened through (AssumeRoot is logged in the region of the STS endpoint called).
   */
  readonly region: string;
  /**
   * The management account; needed with alerts when a role is in the delegated administrator (its
   * rule forwards to this account's default event bus).
   * @default - none
   */
  readonly managementAccountId?: string;
  /**
   * The delegated administrator account; needed with alerts when a role is in it.
   * @default - none
   */
  readonly delegatedAdministratorAccountId?: string;
}

/** The name of the root-denying SCP. */
export const DENY_ROOT_SCP_NAME = "DenyRootUserOutsideAssumeRoot";
/** The name of the alert rules and of the topic the stack creates. */
export const ALERTS_NAME = "root-access-assume-root-alerts";

/** Guardrails around centralized root access: operator roles, a root-denying SCP, alerts on every root session. */
export class RootAccessGuardrails extends Construct {
  /** Operator roles by name. */
  readonly operatorRoles: Record<string, IamRole> = {};
  /** The root-denying SCP, when configured. */
  readonly denyRootScp?: OrganizationsPolicy;
  /** Its attachments, one per target. */
  readonly denyRootScpAttachments: OrganizationsPolicyAttachment[] = [];
  /** The alert rule in the management account (it also receives the delegated administrator's forwarded events). */
  readonly alertRule?: CloudwatchEventRule;
  /** The alert rule in the delegated administrator, forwarding to the management account's default bus. */
  readonly delegatedAdministratorAlertRule?: CloudwatchEventRule;
  /** The topic the stack created for alerts (not set when an existing topic is used). */
  readonly alertTopic?: SnsTopic;
  /** The ARN alerts are sent to. */
  readonly alertTopicArn?: string;

  constructor(scope: Construct, id: string, props: RootAccessGuardrailsProps) {
    super(scope, id);
    // Before any child: every prop, with the config's messages (tokens are checked once resolved).
    const problems = rootAccessGuardrailsProblems(props, Token.isUnresolved);
    if (problems.length > 0) throw new InvalidPropsError("RootAccessGuardrails", problems.map(problemLine), this.node.path);
    // Every ARN in the policies names the organization's partition: in another partition's ARN,
    // the SCP's deny would match nothing.
    const partition = partitionOf(props.region) ?? "aws";

    for (const role of props.operatorRoles ?? []) this.operatorRoles[role.name] = this.addOperatorRole(role, props, partition);
    if (props.denyRootScp) {
      this.denyRootScp = this.addDenyRootScp(props, partition);
      for (const target of props.denyRootScp.targetIds) this.denyRootScpAttachments.push(this.attachDenyRootScp(this.denyRootScp, target, props.provider));
    }
    if (props.assumeRootAlerts) {
      this.alertRule = this.addAlertRule(props.provider);
      if (props.assumeRootAlerts.snsTopicArn) {
        this.alertTopicArn = props.assumeRootAlerts.snsTopicArn;
      } else {
        this.alertTopic = this.addAlertTopic(this.alertRule, props.assumeRootAlerts.emails ?? [], props.provider);
        this.alertTopicArn = this.alertTopic.arn;
      }
      new CloudwatchEventTarget(this, "assume-root-target", { rule: this.alertRule.name, arn: this.alertTopicArn, targetId: "sns", provider: props.provider });
      const inDelegated = (props.operatorRoles ?? []).some((r) => r.in === "delegated-administrator");
      if (inDelegated && props.managementAccountId && props.delegatedAdministratorAccountId) {
        this.delegatedAdministratorAlertRule = this.forwardDelegatedAdministratorAlerts(
          props,
          props.managementAccountId,
          props.delegatedAdministratorAccountId,
          partition,
        );
      }
    }
  }

  /** One operator role and its inline policy: sts:AssumeRoot with its task policies in its target accounts, and what its commands read. */
  private addOperatorRole(role: OperatorRoleProps, props: RootAccessGuardrailsProps, partition: Partition): IamRole {
    const provider = role.in === "delegated-administrator" ? props.delegatedAdministratorProvider : props.provider;
    const iamRole = new IamRole(this, `role-${role.name}`, {
      name: role.name,
      description: `Opens root sessions (sts:AssumeRoot) with ${role.taskPolicies.join(", ")}`,
      assumeRolePolicy: policyJson(operatorTrustPolicy(role.trustedPrincipalArns, role.requireMfa ?? false)),
      maxSessionDuration: role.maxSessionDurationSeconds ?? 3600,
      provider,
      dependsOn: props.dependsOn,
    });
    new IamRolePolicy(this, `role-${role.name}-assume-root`, {
      name: "AssumeRootForTaskPolicies",
      role: iamRole.name,
      policy: policyJson(operatorPermissionsPolicy(role.taskPolicies, role.targetAccountIds, partition)),
      provider,
    });
    return iamRole;
  }

  /** The SCP denying member accounts' root user everything outside centralized root sessions. */
  private addDenyRootScp(props: RootAccessGuardrailsProps, partition: Partition): OrganizationsPolicy {
    return new OrganizationsPolicy(this, "deny-root-scp", {
      name: DENY_ROOT_SCP_NAME,
      description: "Denies the root user of member accounts everything, except inside centralized root sessions (sts:AssumeRoot)",
      type: "SERVICE_CONTROL_POLICY",
      content: policyJson(denyRootScpPolicy(partition)),
      provider: props.provider,
      dependsOn: props.dependsOn,
    });
  }

  private attachDenyRootScp(scp: OrganizationsPolicy, target: string, provider: TerraformProvider | undefined): OrganizationsPolicyAttachment {
    return new OrganizationsPolicyAttachment(this, `deny-root-scp-${target}`, { policyId: scp.id, targetId: target, provider });
  }

  /** The rule in the management account matching every AssumeRoot event. */
  private addAlertRule(provider: TerraformProvider | undefined): CloudwatchEventRule {
    return new CloudwatchEventRule(this, "assume-root-rule", {
      name: ALERTS_NAME,
      description: "Every centralized root session (CloudTrail AssumeRoot)",
      eventPattern: JSON.stringify(assumeRootEventPattern(), null, 2),
      provider,
    });
  }

  /** A topic for the alerts, which the rule may publish to, with an email subscription each. */
  private addAlertTopic(rule: CloudwatchEventRule, emails: readonly string[], provider: TerraformProvider | undefined): SnsTopic {
    const topic = new SnsTopic(this, "alerts-topic", { name: ALERTS_NAME, provider });
    new SnsTopicPolicy(this, "alerts-topic-policy", { arn: topic.arn, policy: policyJson(alertsTopicPolicy(topic.arn, rule.arn)), provider });
    for (const email of emails) {
      new SnsTopicSubscription(this, `alerts-email-${email}`, { topicArn: topic.arn, protocol: "email", endpoint: email, provider });
    }
    return topic;
  }

  /**
   * AssumeRoot is logged in the caller's account: sessions opened from the delegated administrator
   * raise their event there. A rule there forwards it to the management account's default bus
   * (whose policy lets that account put events), where the management rule sends it to the topic.
   */
  private forwardDelegatedAdministratorAlerts(
    props: RootAccessGuardrailsProps,
    managementAccountId: string,
    delegatedAccountId: string,
    partition: Partition,
  ): CloudwatchEventRule {
    const managementBus = defaultEventBusArn(props.region, managementAccountId, partition);
    new CloudwatchEventBusPolicy(this, "alerts-bus-policy", {
      policy: policyJson(alertsBusPolicy(managementBus, delegatedAccountId, partition)),
      provider: props.provider,
    });
    const rule = new CloudwatchEventRule(this, "assume-root-rule-delegated-administrator", {
      name: ALERTS_NAME,
      description: "Every centralized root session (CloudTrail AssumeRoot) started from the delegated administrator, forwarded to the management account",
      eventPattern: JSON.stringify(assumeRootEventPattern(), null, 2),
      provider: props.delegatedAdministratorProvider,
    });
    new CloudwatchEventTarget(this, "assume-root-target-delegated-administrator", {
      rule: rule.name,
      arn: managementBus,
      targetId: "management-account-bus",
      provider: props.delegatedAdministratorProvider,
    });
    return rule;
  }
}
