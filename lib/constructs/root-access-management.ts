// Turns on centralized root access for an organization: IAM trusted access, the IAM organization
// features, and optionally the IAM delegated administrator, in a safe order.
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsOrganizationsOrganization } from "@cdktf/provider-aws/lib/data-aws-organizations-organization";
import { IamOrganizationsFeatures } from "@cdktf/provider-aws/lib/iam-organizations-features";
import { OrganizationsDelegatedAdministrator } from "@cdktf/provider-aws/lib/organizations-delegated-administrator";
import { OrganizationsOrganization } from "@cdktf/provider-aws/lib/organizations-organization";
import { ITerraformDependable, TerraformProvider, TerraformResourceLifecycle, TerraformStack, Token } from "cdktf";
import { Construct } from "constructs";
import { FEATURES, Feature, IAM_SERVICE_PRINCIPAL } from "../aws-constants";
import { InvalidPropsError } from "../errors";
import { problemLine } from "../validations";
import { ImportBlock } from "./import-block";
import { RemovedBlock } from "./removed-block";
import { OrganizationsAwsServiceAccess } from "./organizations-aws-service-access";
import { rootAccessManagementProblems } from "./root-access-management-rules";

/** Trusted access through aws_organizations_aws_service_access for iam.amazonaws.com only. */
export interface ServiceAccessTrustedAccess {
  /** The mode. */
  readonly mode: "service-access";
}

/** The stack owns aws_organizations_organization (the lab's way); its lists are authoritative. */
export interface OrganizationTrustedAccess {
  /** The mode. */
  readonly mode: "organization";
  /**
   * The ID of the existing organization; when set, the stack imports it.
   * @default - the organization is created by the stack
   */
  readonly organizationId?: string;
  /**
   * Service principals that keep (or get) trusted access besides iam.amazonaws.com. Every
   * principal enabled in AWS but missing here is disabled on apply: `root-access discover` fills it.
   * @default - only iam.amazonaws.com
   */
  readonly servicePrincipals?: readonly string[];
  /**
   * Policy types to enable in the root, managed authoritatively.
   * @default - not managed: the stack ignores the organization's policy types (never disables them)
   */
  readonly enabledPolicyTypes?: readonly string[];
}

/** Someone else owns trusted access; the plan fails unless IAM trusted access is already on. */
export interface ExternalTrustedAccess {
  /** The mode. */
  readonly mode: "external";
}

/** How IAM trusted access is turned on: one of the three modes. */
export type TrustedAccess = ServiceAccessTrustedAccess | OrganizationTrustedAccess | ExternalTrustedAccess;

/** The props of RootAccessManagement: every part optional. */
export interface RootAccessManagementProps {
  /**
   * How IAM trusted access is turned on in the organization.
   * @default - { mode: "service-access" }: only iam.amazonaws.com, other services untouched
   */
  readonly trustedAccess?: TrustedAccess;
  /**
   * The IAM organization features to enable; destroying the stack disables them.
   * @default - RootCredentialsManagement and RootSessions
   */
  readonly features?: readonly Feature[];
  /**
   * A member account to register as delegated administrator for iam.amazonaws.com.
   * @default - none
   */
  readonly delegatedAdministratorAccountId?: string;
  /**
   * The organization's management account: the plan fails unless it runs as this account and
   * the organization's management account is this account.
   * @default - no caller check
   */
  readonly managementAccountId?: string;
  /**
   * The AWS provider to create the resources with.
   * @default - the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
  /**
   * What was already on before this stack managed it: imported (an `import` block) instead of
   * created, so nothing is registered twice and nothing is taken over silently.
   * @default - nothing is imported (except the organization when `trustedAccess.organizationId` is set)
   */
  readonly adopt?: AdoptProps;
  /**
   * Let a destroy (or removing the delegated administrator from the config) turn things off: IAM
   * trusted access (`service-access` mode), the features and the delegated administrator. In
   * `organization` mode the organization is then forgotten (a `removed` block) and read instead, so
   * a destroy finishes without ever deleting it (it and its trusted access stay as they are).
   * @default false - they carry `prevent_destroy`; a destroy is refused, and what leaves the
   * config is forgotten (a `removed` block), never turned off
   */
  readonly destroyDisables?: boolean;
}

/** What is already on in the organization, to import rather than create. */
export interface AdoptProps {
  /**
   * The organization's ID: the import ID of the features.
   * @default - `trustedAccess.organizationId` in `organization` mode
   */
  readonly organizationId?: string;
  /**
   * IAM trusted access is on (`service-access` mode): import it (ID `iam.amazonaws.com`).
   * @default false
   */
  readonly iamTrustedAccess?: boolean;
  /**
   * The features are on: import them (ID: the organization's).
   * @default false
   */
  readonly features?: boolean;
  /**
   * The delegated administrator is registered: import it (ID `<account>/iam.amazonaws.com`).
   * @default false
   */
  readonly delegatedAdministrator?: boolean;
}

/** Provider releases the generated resources need (required_providers.aws.version). */
export const PROVIDER_CONSTRAINT = {
  /** aws_iam_organizations_features appeared in 5.78. */
  features: ">= 5.78.0, < 7.0.0",
  /** aws_organizations_aws_service_access appeared in 6.41 (a literal: the cdktn build uses the prebuilt binding, which has no such field). */
  serviceAccess: ">= 6.41.0, < 7.0.0",
} as const;

/**
 * Turns on centralized root access for an organization: IAM trusted access, the IAM organization
 * features and optionally the IAM delegated administrator, in a safe order, never turning off what
 * it did not turn on.
 */
export class RootAccessManagement extends Construct {
  /** The trusted-access mode in use. */
  readonly mode: TrustedAccess["mode"];
  /** The features enabled, in config order. */
  readonly enabledFeatures: readonly Feature[];
  /** `service-access` mode: trusted access for iam.amazonaws.com. */
  readonly serviceAccess?: OrganizationsAwsServiceAccess;
  /** `organization` mode: the organization itself. */
  readonly organization?: OrganizationsOrganization;
  /** The organization as read at plan time (`external` mode, or for the management-account check). */
  readonly organizationData?: DataAwsOrganizationsOrganization;
  /** The caller identity, read when `managementAccountId` is set. */
  readonly callerIdentity?: DataAwsCallerIdentity;
  /** The IAM organization features. */
  readonly features: IamOrganizationsFeatures;
  /** The IAM delegated administrator, when configured. */
  readonly delegatedAdministrator?: OrganizationsDelegatedAdministrator;
  /** The required_providers constraint this construct sets on its stack. */
  readonly providerVersionConstraint: string;

  constructor(scope: Construct, id: string, props: RootAccessManagementProps = {}) {
    super(scope, id);
    // Before any child: plain JavaScript gets past the types (tokens are checked once resolved).
    const problems = rootAccessManagementProblems(props, Token.isUnresolved);
    if (problems.length > 0) throw new InvalidPropsError("RootAccessManagement", problems.map(problemLine), this.node.path);
    const trustedAccess = props.trustedAccess ?? { mode: "service-access" };
    const features = props.features ?? FEATURES;
    const provider = props.provider;

    this.mode = trustedAccess.mode;
    this.enabledFeatures = [...features];

    const adopt = props.adopt ?? {};
    // Without the opt-in nothing this construct turns on is ever turned off by Terraform.
    const preventDestroy = !props.destroyDisables;
    let trustedAccessResource: ITerraformDependable | undefined;
    if (trustedAccess.mode === "service-access") {
      this.serviceAccess = new OrganizationsAwsServiceAccess(this, "iam-trusted-access", {
        servicePrincipal: IAM_SERVICE_PRINCIPAL,
        lifecycle: preventDestroy ? { preventDestroy } : undefined,
        provider,
      });
      if (preventDestroy) this.serviceAccess.addOverride("//.destroy", DESTROY_REFUSED_HINT);
      if (adopt.iamTrustedAccess) new ImportBlock(this, "import-iam-trusted-access", { to: this.serviceAccess, importId: IAM_SERVICE_PRINCIPAL });
      trustedAccessResource = this.serviceAccess;
    } else if (trustedAccess.mode === "organization" && props.destroyDisables) {
      // A destroy must never delete the organization: with the opt-in to destroy, the stack forgets
      // it (removed block) and reads it instead, so a destroy can finish, turning off the features
      // and the delegated administrator; the organization and its trusted access stay as they are.
      this.organizationData = new DataAwsOrganizationsOrganization(this, "current-organization", { provider });
    } else if (trustedAccess.mode === "organization") {
      this.organization = new OrganizationsOrganization(this, "organization", {
        featureSet: "ALL",
        awsServiceAccessPrincipals: servicePrincipalsWithIam(trustedAccess.servicePrincipals),
        enabledPolicyTypes: trustedAccess.enabledPolicyTypes ? [...trustedAccess.enabledPolicyTypes].sort() : undefined,
        lifecycle: {
          preventDestroy: true,
          // An omitted enabled_policy_types means "none" to the provider: it would disable SCPs.
          ignoreChanges: trustedAccess.enabledPolicyTypes ? undefined : ["enabled_policy_types"],
        },
        provider,
      });
      if (trustedAccess.organizationId) {
        new ImportBlock(this, "import-organization", { to: this.organization, importId: trustedAccess.organizationId });
      }
      trustedAccessResource = this.organization;
    }
    // A mode switch takes the old mode's resource out of the config: forget it, never disable IAM
    // trusted access or delete the organization (no-ops when it was never in the state).
    if (trustedAccess.mode !== "service-access") new RemovedBlock(this, "iam-trusted-access", { resourceType: OrganizationsAwsServiceAccess.tfResourceType });
    if (!this.organization) new RemovedBlock(this, "organization", { resourceType: OrganizationsOrganization.tfResourceType });

    const managementAccountId = props.managementAccountId;
    if (!this.organizationData && (trustedAccess.mode === "external" || (managementAccountId && trustedAccess.mode !== "organization"))) {
      this.organizationData = new DataAwsOrganizationsOrganization(this, "current-organization", { provider });
    }
    if (managementAccountId) {
      this.callerIdentity = new DataAwsCallerIdentity(this, "caller", { provider });
    }

    const preconditions = this.preconditions(trustedAccess.mode, managementAccountId);
    this.features = new IamOrganizationsFeatures(this, "features", {
      enabledFeatures: [...features],
      dependsOn: trustedAccessResource ? [trustedAccessResource] : undefined,
      lifecycle: preconditions || preventDestroy ? { ...preconditions, ...(preventDestroy ? { preventDestroy } : {}) } : undefined,
      provider,
    });
    if (preventDestroy) this.features.addOverride("//.destroy", DESTROY_REFUSED_HINT);
    const organizationId = adopt.organizationId ?? (trustedAccess.mode === "organization" ? trustedAccess.organizationId : undefined);
    if (adopt.features && organizationId) new ImportBlock(this, "import-features", { to: this.features, importId: organizationId });

    if (props.delegatedAdministratorAccountId) {
      this.delegatedAdministrator = new OrganizationsDelegatedAdministrator(this, "iam-delegated-administrator", {
        accountId: props.delegatedAdministratorAccountId,
        servicePrincipal: IAM_SERVICE_PRINCIPAL,
        dependsOn: trustedAccessResource ? [trustedAccessResource] : [this.features],
        lifecycle: preventDestroy ? { preventDestroy } : undefined,
        provider,
      });
      if (preventDestroy) this.delegatedAdministrator.addOverride("//.destroy", DESTROY_REFUSED_HINT);
      if (adopt.delegatedAdministrator) {
        new ImportBlock(this, "import-iam-delegated-administrator", {
          to: this.delegatedAdministrator,
          importId: `${props.delegatedAdministratorAccountId}/${IAM_SERVICE_PRINCIPAL}`,
        });
      }
    } else if (preventDestroy) {
      // Taken out of the config: forgotten, still registered.
      new RemovedBlock(this, "iam-delegated-administrator", { resourceType: OrganizationsDelegatedAdministrator.tfResourceType });
    }

    this.providerVersionConstraint = this.serviceAccess ? PROVIDER_CONSTRAINT.serviceAccess : PROVIDER_CONSTRAINT.features;
    TerraformStack.of(this).addOverride("terraform.required_providers.aws.version", this.providerVersionConstraint);
  }

  /** The organization ID (known after apply when the organization is created). */
  get organizationId(): string {
    return this.organization?.id ?? this.organizationData?.id ?? this.features.id;
  }

  /**
   * Plan-time checks, written as literal Terraform expressions (addresses, not tokens): they read
   * exactly as a reviewer sees them, and synthesizing 1,000 stacks stays fast (every cdktf token
   * captures a stack trace).
   */
  private preconditions(mode: TrustedAccess["mode"], managementAccountId: string | undefined): TerraformResourceLifecycle | undefined {
    const conditions: { condition: string; errorMessage: string }[] = [];
    const address = (r: { terraformResourceType: string; friendlyUniqueId: string }, data = false) =>
      `${data ? "data." : ""}${r.terraformResourceType}.${r.friendlyUniqueId}`;
    if (mode === "external" && this.organizationData) {
      const org = address(this.organizationData, true);
      conditions.push({
        condition: `\${(${org}.feature_set == "ALL")}`,
        errorMessage: `The organization \${${org}.id} is not in all-features mode (feature set \${${org}.feature_set}); centralized root access needs all features enabled.`,
      });
      conditions.push({
        condition: `\${contains(tolist(${org}.aws_service_access_principals), "${IAM_SERVICE_PRINCIPAL}")}`,
        errorMessage: `IAM trusted access (${IAM_SERVICE_PRINCIPAL}) is not enabled in the organization \${${org}.id}; trustedAccess.mode is "external", so whoever owns the organization must enable it first (aws organizations enable-aws-service-access --service-principal ${IAM_SERVICE_PRINCIPAL}), or use mode "service-access".`,
      });
    }
    if (managementAccountId && this.callerIdentity) {
      const caller = `${address(this.callerIdentity, true)}.account_id`;
      conditions.push({
        condition: `\${(${caller} == "${managementAccountId}")}`,
        errorMessage: `This plan runs as account \${${caller}}, but managementAccountId is ${managementAccountId}; use credentials of the management account (provider profile or assumeRoleArn).`,
      });
      const master = `${this.organization ? address(this.organization) : address(this.organizationData!, true)}.master_account_id`;
      conditions.push({
        condition: `\${(${master} == "${managementAccountId}")}`,
        errorMessage: `The organization's management account is \${${master}}, not ${managementAccountId} (managementAccountId); check that the config points at the right organization.`,
      });
    }
    if (conditions.length === 0) return undefined;
    return { precondition: conditions };
  }
}

/**
 * The comment on each resource with prevent_destroy: Terraform prints the line that declares a
 * resource when it refuses to destroy it, so the way out is on that line.
 */
export const DESTROY_REFUSED_HINT =
  "prevent_destroy: a destroy never turns this off; set destroyDisables: true in the config to let it (then cdktf destroy), or stopManaging: true to forget it and leave it on";

/** The authoritative principal list: the configured ones plus IAM, de-duplicated and sorted. */
export function servicePrincipalsWithIam(principals: readonly string[] = []): string[] {
  return [...new Set([...principals, IAM_SERVICE_PRINCIPAL])].sort();
}
