// One Terraform stack per organization: provider, backend, root access management, outputs.
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { LocalBackend, S3Backend, TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { OrganizationConfig } from "../config/schema";
import { RootAccessGuardrails } from "../constructs/root-access-guardrails";
import { RootAccessManagement } from "../constructs/root-access-management";
import { sandboxProviderSettings } from "./sandbox";

export interface OrganizationStackProps {
  /** The organization's entry in the organizations config (validated). */
  readonly organization: OrganizationConfig;
  /**
   * Send every AWS call to this endpoint with dummy credentials (a local fake or emulator).
   * @default - real AWS
   */
  readonly sandboxEndpoint?: string;
}

export class OrganizationStack extends TerraformStack {
  readonly provider: AwsProvider;
  readonly rootAccess: RootAccessManagement;
  /** Set when the organization has guardrails configured. */
  readonly guardrails?: RootAccessGuardrails;
  /** The provider for resources in the delegated administrator account (operator roles there). */
  readonly delegatedAdministratorProvider?: AwsProvider;

  constructor(scope: Construct, props: OrganizationStackProps) {
    const org = props.organization;
    super(scope, org.name);

    const sandbox = props.sandboxEndpoint ? sandboxProviderSettings(props.sandboxEndpoint) : {};
    this.provider = new AwsProvider(this, "aws", {
      region: org.region,
      profile: props.sandboxEndpoint ? undefined : org.provider?.profile,
      assumeRole: org.provider?.assumeRoleArn ? [{ roleArn: org.provider.assumeRoleArn, sessionName: "cdktf-root-access" }] : undefined,
      ...sandbox,
    });
    // The bindings pin aws to "6.25.0"; the construct sets the range it needs.
    this.addOverride("terraform.required_providers.aws.source", "hashicorp/aws");

    const backend = org.backend ?? { type: "local" };
    if (backend.type === "s3") {
      const s3 = new S3Backend(this, {
        bucket: backend.bucket,
        key: backend.key,
        region: backend.region ?? org.region,
        encrypt: backend.encrypt ?? true,
        profile: org.provider?.profile,
      });
      // S3-native state locking (Terraform >= 1.10); S3Backend has no field for it.
      s3.addOverride("use_lockfile", backend.useLockfile ?? true);
    } else {
      // cdktf's default path is terraform.<stack>.tfstate in the project folder, outside cdktf.out.
      new LocalBackend(this, { path: backend.path });
    }

    this.rootAccess = new RootAccessManagement(this, "root-access", {
      trustedAccess: org.trustedAccess,
      features: org.features,
      delegatedAdministratorAccountId: org.delegatedAdministrator?.accountId,
      managementAccountId: org.managementAccountId,
    });

    new TerraformOutput(this, "organization_id", {
      value: this.rootAccess.organizationId,
      description: "The ID of the organization",
    });
    new TerraformOutput(this, "enabled_features", {
      value: this.rootAccess.features.enabledFeatures,
      description: "IAM organization features enabled for centralized root access",
    });
    if (this.rootAccess.delegatedAdministrator) {
      new TerraformOutput(this, "delegated_administrator", {
        value: this.rootAccess.delegatedAdministrator.accountId,
        description: "The IAM delegated administrator account",
      });
    }

    const g = org.guardrails;
    if (g && (g.operatorRoles?.length || g.denyRootScp || g.assumeRootAlerts)) {
      if (g.operatorRoles?.some((r) => r.in === "delegated-administrator") && g.delegatedAdministratorRoleArn) {
        this.delegatedAdministratorProvider = new AwsProvider(this, "aws-delegated-administrator", {
          alias: "delegated-administrator",
          region: org.region,
          profile: props.sandboxEndpoint ? undefined : org.provider?.profile,
          assumeRole: [{ roleArn: g.delegatedAdministratorRoleArn, sessionName: "cdktf-root-access" }],
          ...sandbox,
        });
      }
      this.guardrails = new RootAccessGuardrails(this, "guardrails", {
        operatorRoles: g.operatorRoles,
        denyRootScp: g.denyRootScp,
        assumeRootAlerts: g.assumeRootAlerts,
        delegatedAdministratorProvider: this.delegatedAdministratorProvider,
        region: org.region,
        managementAccountId: org.managementAccountId,
        delegatedAdministratorAccountId: org.delegatedAdministrator?.accountId,
        // Roles and the SCP come after the features (and so after trusted access and the organization).
        dependsOn: [this.rootAccess.features],
      });
      const roles = Object.entries(this.guardrails.operatorRoles);
      if (roles.length > 0) {
        new TerraformOutput(this, "operator_role_arns", {
          value: Object.fromEntries(roles.map(([name, role]) => [name, role.arn])),
          description: "Operator roles that may open root sessions, by name",
        });
      }
      if (this.guardrails.denyRootScp) {
        new TerraformOutput(this, "deny_root_scp_id", { value: this.guardrails.denyRootScp.id, description: "The root-denying service control policy" });
      }
      if (this.guardrails.alertTopicArn) {
        new TerraformOutput(this, "assume_root_alerts_topic_arn", {
          value: this.guardrails.alertTopicArn,
          description: "SNS topic that receives every AssumeRoot event",
        });
      }
    }
  }
}
