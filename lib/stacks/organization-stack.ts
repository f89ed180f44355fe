// One Terraform stack per organization: provider, backend, root access management, outputs.
import { join, relative, resolve } from "node:path";
import { AwsProvider, AwsProviderConfig } from "@cdktf/provider-aws/lib/provider";
import {
  App,
  CloudBackend,
  LocalBackend,
  NamedCloudWorkspace,
  S3Backend,
  TaggedCloudWorkspaces,
  TerraformOutput,
  TerraformResource,
  TerraformStack,
} from "cdktf";
import { Construct } from "constructs";
import { OrganizationConfig } from "../config/schema";
import { RootAccessGuardrails } from "../constructs/root-access-guardrails";
import { RemovedBlock } from "../constructs/removed-block";
import { repairCdktfHcl } from "./hcl-output";
import { RequiredTerraform, TERRAFORM_FEATURES } from "../constructs/required-terraform";
import { RootAccessManagement } from "../constructs/root-access-management";
import { assertSandboxBackends, sandboxProviderSettings } from "./sandbox";

export { TERRAFORM_FEATURES } from "../constructs/required-terraform";

/** The props of OrganizationStack. */
export interface OrganizationStackProps {
  /** The organization's entry in the organizations config (validated). */
  readonly organization: OrganizationConfig;
  /**
   * Send every AWS call to this endpoint with dummy credentials (a local fake or emulator).
   * @default - real AWS
   */
  readonly sandboxEndpoint?: string;
}

/** One Terraform stack for one organization of the config: provider, backend, root access management, guardrails, outputs. */
export class OrganizationStack extends TerraformStack {
  /** The AWS provider of the management account. */
  readonly provider: AwsProvider;
  /** Trusted access, the features and the delegated administrator. */
  readonly rootAccess: RootAccessManagement;
  /** Set when the organization has guardrails configured. */
  readonly guardrails?: RootAccessGuardrails;
  /** The provider for resources in the delegated administrator account (operator roles there). */
  readonly delegatedAdministratorProvider?: AwsProvider;
  /** Where Terraform keeps the state. */
  readonly backend: LocalBackend | S3Backend | CloudBackend;

  constructor(scope: Construct, props: OrganizationStackProps) {
    const org = props.organization;
    super(scope, org.name);
    const sandbox = props.sandboxEndpoint ? sandboxProviderSettings(props.sandboxEndpoint) : {};
    this.provider = this.addProvider(org, props.sandboxEndpoint, sandbox);
    assertSandboxBackends([org], props.sandboxEndpoint);
    // Without import or removed blocks, import blocks' release is still the floor the docs promise.
    RequiredTerraform.of(this).atLeast(TERRAFORM_FEATURES.importBlocks);
    this.backend = this.addBackend(org);
    this.rootAccess = new RootAccessManagement(this, "root-access", {
      trustedAccess: org.trustedAccess,
      features: org.features,
      delegatedAdministratorAccountId: org.delegatedAdministrator?.accountId,
      managementAccountId: org.managementAccountId,
      adopt: org.adopt,
      destroyDisables: org.destroyDisables,
    });
    this.addRootAccessOutputs(this.rootAccess);
    const g = org.guardrails;
    if (g && (g.operatorRoles?.length || g.denyRootScp || g.assumeRootAlerts)) {
      this.delegatedAdministratorProvider = this.addDelegatedAdministratorProvider(org, g, props.sandboxEndpoint, sandbox);
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
      this.addGuardrailOutputs(this.guardrails);
    }
    if (org.stopManaging) this.forgetEverything();
  }

  /** The management account's provider (the sandbox's endpoints and dummy credentials when set). */
  private addProvider(org: OrganizationConfig, sandboxEndpoint: string | undefined, sandbox: Partial<AwsProviderConfig>): AwsProvider {
    const provider = new AwsProvider(this, "aws", {
      region: org.region,
      profile: sandboxEndpoint ? undefined : org.provider?.profile,
      assumeRole: org.provider?.assumeRoleArn ? [{ roleArn: org.provider.assumeRoleArn, sessionName: "cdktf-root-access" }] : undefined,
      ...sandbox,
    });
    // The bindings pin aws to "6.25.0"; the construct sets the range it needs.
    this.addOverride("terraform.required_providers.aws.source", "hashicorp/aws");
    return provider;
  }

  /** Where the state is kept: local (default), S3 (with native locking) or HCP Terraform. */
  private addBackend(org: OrganizationConfig): LocalBackend | S3Backend | CloudBackend {
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
      if (backend.useLockfile ?? true) RequiredTerraform.of(this).atLeast(TERRAFORM_FEATURES.s3Lockfile);
      return s3;
    }
    if (backend.type === "cloud") {
      // HCP Terraform / Terraform Enterprise: state and (by default) runs are remote; the workspace
      // needs the AWS credentials as variables (README, "HCP Terraform").
      // terraform { cloud { ... } } needs Terraform >= 1.1; removed blocks (1.7) already ask more.
      return new CloudBackend(this, {
        organization: backend.organization,
        hostname: backend.hostname,
        workspaces:
          backend.workspaces.name !== undefined ? new NamedCloudWorkspace(backend.workspaces.name) : new TaggedCloudWorkspaces(backend.workspaces.tags ?? []),
      });
    }
    // terraform.<stack>.tfstate in the project folder (cdktf's default place), written relative to
    // the folder terraform runs in (<outdir>/stacks/<stack>), so the synthesized JSON is the same
    // on every machine and checkout path, and moving the checkout keeps the state.
    return new LocalBackend(this, { path: backend.path ?? localStatePath(this, org.name) });
  }

  private addRootAccessOutputs(rootAccess: RootAccessManagement): void {
    new TerraformOutput(this, "organization_id", { value: rootAccess.organizationId, description: "The ID of the organization" });
    new TerraformOutput(this, "enabled_features", {
      value: rootAccess.features.enabledFeatures,
      description: "IAM organization features enabled for centralized root access",
    });
    if (rootAccess.delegatedAdministrator) {
      new TerraformOutput(this, "delegated_administrator", {
        value: rootAccess.delegatedAdministrator.accountId,
        description: "The IAM delegated administrator account",
      });
    }
  }

  /** The second provider, assuming the Terraform role in the delegated administrator, when a role is created there. */
  private addDelegatedAdministratorProvider(
    org: OrganizationConfig,
    g: NonNullable<OrganizationConfig["guardrails"]>,
    sandboxEndpoint: string | undefined,
    sandbox: Partial<AwsProviderConfig>,
  ): AwsProvider | undefined {
    if (!g.operatorRoles?.some((r) => r.in === "delegated-administrator") || !g.delegatedAdministratorRoleArn) return undefined;
    return new AwsProvider(this, "aws-delegated-administrator", {
      alias: "delegated-administrator",
      region: org.region,
      profile: sandboxEndpoint ? undefined : org.provider?.profile,
      assumeRole: [{ roleArn: g.delegatedAdministratorRoleArn, sessionName: "cdktf-root-access" }],
      ...sandbox,
    });
  }

  private addGuardrailOutputs(guardrails: RootAccessGuardrails): void {
    const roles = Object.entries(guardrails.operatorRoles);
    if (roles.length > 0) {
      new TerraformOutput(this, "operator_role_arns", {
        value: Object.fromEntries(roles.map(([name, role]) => [name, role.arn])),
        description: "Operator roles that may open root sessions, by name",
      });
    }
    if (guardrails.denyRootScp) {
      new TerraformOutput(this, "deny_root_scp_id", { value: guardrails.denyRootScp.id, description: "The root-denying service control policy" });
    }
    if (guardrails.alertTopicArn) {
      new TerraformOutput(this, "assume_root_alerts_topic_arn", {
        value: guardrails.alertTopicArn,
        description: "SNS topic that receives every AssumeRoot event",
      });
    }
  }

  /** The `required_version` constraint written into the stack: the lowest Terraform with everything it uses. */
  get requiredTerraformVersion(): string {
    return RequiredTerraform.of(this).constraint;
  }

  /**
   * Completes cdktf 0.21's HCL output (`cdktf synth --hcl`) of this stack, which drops `removed`
   * blocks and garbles `required_version` (it renders `0 = "required_version"`): both are written
   * here, so the HCL is what the JSON is; preconditions and quoted references are repaired too
   * (see repairCdktfHcl).
   */
  completeHcl(hcl: string): string {
    const fixed = repairCdktfHcl(hcl).replace(/^\s*0 = "required_version"\s*$/m, `required_version = "${this.requiredTerraformVersion}"`);
    const removed = this.node
      .findAll()
      .filter((c): c is RemovedBlock => c instanceof RemovedBlock)
      .map((r) => `removed {\n  from = ${r.address}\n  lifecycle {\n    destroy = false\n  }\n}`);
    return removed.length ? `${fixed.trimEnd()}\n\n${removed.join("\n\n")}\n` : fixed;
  }

  /**
   * stopManaging: every resource the stack would manage becomes a `removed` block with
   * `destroy = false` (Terraform forgets it; AWS keeps it as it is), and nothing else is declared.
   */
  private forgetEverything(): void {
    const resources = this.node.findAll().filter((c): c is TerraformResource => c instanceof TerraformResource);
    const addresses = resources.map((r) => ({ type: r.terraformResourceType, address: `${r.terraformResourceType}.${r.friendlyUniqueId}` }));
    for (const child of [...this.node.children]) {
      if (!(child instanceof AwsProvider) && child !== this.backend) this.node.tryRemoveChild(child.node.id);
    }
    const scope = new Construct(this, "stop-managing");
    addresses.forEach((a, i) => new RemovedBlock(scope, `removed-${i}`, { resourceType: a.type, address: a.address }));
  }
}

/** terraform.<stack>.tfstate in the project folder, relative to <outdir>/stacks/<stack>. */
function localStatePath(stack: TerraformStack, name: string): string {
  const project = process.cwd();
  const stackDir = join(resolve(project, App.of(stack).outdir), "stacks", name);
  return relative(stackDir, join(project, `terraform.${name}.tfstate`));
}
