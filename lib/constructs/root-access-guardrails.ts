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
import { OperatorRoleLocation, partitionOf, TaskPolicy } from "../aws-constants";
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
    const { provider, dependsOn } = props;
    const roles = props.operatorRoles ?? [];
    const inDelegated = roles.some((r) => r.in === "delegated-administrator");
    // Before any child: every prop, with the config's messages (tokens are checked once resolved).
    const problems = rootAccessGuardrailsProblems(props, Token.isUnresolved);
    if (problems.length > 0) throw new InvalidPropsError("RootAccessGuardrails", problems.map(problemLine), this.node.path);
    // Every ARN in the policies names the organization's partition: in another partition's ARN,
    // the SCP's deny would match nothing.
    const partition = partitionOf(props.region) ?? "aws";

    for (const role of roles) {
      const roleProvider = role.in === "delegated-administrator" ? props.delegatedAdministratorProvider : provider;
      const iamRole = new IamRole(this, `role-${role.name}`, {
        name: role.name,
        description: `Opens root sessions (sts:AssumeRoot) with ${role.taskPolicies.join(", ")}`,
        assumeRolePolicy: policyJson(operatorTrustPolicy(role.trustedPrincipalArns, role.requireMfa ?? false)),
        maxSessionDuration: role.maxSessionDurationSeconds ?? 3600,
        provider: roleProvider,
        dependsOn,
      });
      new IamRolePolicy(this, `role-${role.name}-assume-root`, {
        name: "AssumeRootForTaskPolicies",
        role: iamRole.name,
        policy: policyJson(operatorPermissionsPolicy(role.taskPolicies, role.targetAccountIds, partition)),
        provider: roleProvider,
      });
      this.operatorRoles[role.name] = iamRole;
    }

    if (props.denyRootScp) {
      this.denyRootScp = new OrganizationsPolicy(this, "deny-root-scp", {
        name: DENY_ROOT_SCP_NAME,
        description: "Denies the root user of member accounts everything, except inside centralized root sessions (sts:AssumeRoot)",
        type: "SERVICE_CONTROL_POLICY",
        content: policyJson(denyRootScpPolicy(partition)),
        provider,
        dependsOn,
      });
      for (const target of props.denyRootScp.targetIds) {
        this.denyRootScpAttachments.push(
          new OrganizationsPolicyAttachment(this, `deny-root-scp-${target}`, { policyId: this.denyRootScp.id, targetId: target, provider }),
        );
      }
    }

    const alerts = props.assumeRootAlerts;
    if (alerts) {
      this.alertRule = new CloudwatchEventRule(this, "assume-root-rule", {
        name: ALERTS_NAME,
        description: "Every centralized root session (CloudTrail AssumeRoot)",
        eventPattern: JSON.stringify(assumeRootEventPattern(), null, 2),
        provider,
      });
      if (alerts.snsTopicArn) {
        this.alertTopicArn = alerts.snsTopicArn;
      } else {
        this.alertTopic = new SnsTopic(this, "alerts-topic", { name: ALERTS_NAME, provider });
        this.alertTopicArn = this.alertTopic.arn;
        new SnsTopicPolicy(this, "alerts-topic-policy", {
          arn: this.alertTopic.arn,
          policy: policyJson(alertsTopicPolicy(this.alertTopic.arn, this.alertRule.arn)),
          provider,
        });
        for (const email of alerts.emails ?? []) {
          new SnsTopicSubscription(this, `alerts-email-${email}`, { topicArn: this.alertTopic.arn, protocol: "email", endpoint: email, provider });
        }
      }
      new CloudwatchEventTarget(this, "assume-root-target", { rule: this.alertRule.name, arn: this.alertTopicArn, targetId: "sns", provider });

      // AssumeRoot is logged in the caller's account: sessions opened from the delegated
      // administrator raise their event there. A rule there forwards it to the management
      // account's default bus (whose policy lets that account put events), where the rule above
      // sends it to the topic.
      if (inDelegated && props.managementAccountId && props.delegatedAdministratorAccountId) {
        const managementBus = defaultEventBusArn(props.region, props.managementAccountId, partition);
        new CloudwatchEventBusPolicy(this, "alerts-bus-policy", {
          policy: policyJson(alertsBusPolicy(managementBus, props.delegatedAdministratorAccountId, partition)),
          provider,
        });
        this.delegatedAdministratorAlertRule = new CloudwatchEventRule(this, "assume-root-rule-delegated-administrator", {
          name: ALERTS_NAME,
          description: "Every centralized root session (CloudTrail AssumeRoot) started from the delegated administrator, forwarded to the management account",
          eventPattern: JSON.stringify(assumeRootEventPattern(), null, 2),
          provider: props.delegatedAdministratorProvider,
        });
        new CloudwatchEventTarget(this, "assume-root-target-delegated-administrator", {
          rule: this.delegatedAdministratorAlertRule.name,
          arn: managementBus,
          targetId: "management-account-bus",
          provider: props.delegatedAdministratorProvider,
        });
      }
    }
  }
}
