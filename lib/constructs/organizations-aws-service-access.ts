// aws_organizations_aws_service_access (AWS provider >= 6.41) has no prebuilt cdktf binding; this is a typed one.
import { TerraformMetaArguments, TerraformResource } from "cdktf";
import { Construct } from "constructs";

/** The props of OrganizationsAwsServiceAccess. */
export interface OrganizationsAwsServiceAccessConfig extends TerraformMetaArguments {
  /** The service principal to give trusted access, e.g. `iam.amazonaws.com`. Changing it replaces the resource. */
  readonly servicePrincipal: string;
}

/** Trusted access in the organization for one service (EnableAWSServiceAccess); other services are untouched. */
export class OrganizationsAwsServiceAccess extends TerraformResource {
  /** The Terraform resource type. */
  static readonly tfResourceType = "aws_organizations_aws_service_access";
  /** The first provider release with this resource. */
  static readonly minimumProviderVersion = "6.41.0";

  /** The service principal given trusted access. */
  readonly servicePrincipal: string;

  constructor(scope: Construct, id: string, config: OrganizationsAwsServiceAccessConfig) {
    super(scope, id, {
      terraformResourceType: OrganizationsAwsServiceAccess.tfResourceType,
      terraformGeneratorMetadata: { providerName: "aws", providerVersionConstraint: `>= ${OrganizationsAwsServiceAccess.minimumProviderVersion}` },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      forEach: config.forEach,
    });
    this.servicePrincipal = config.servicePrincipal;
  }

  /** The resource's attributes in Terraform JSON. */
  protected synthesizeAttributes(): Record<string, unknown> {
    return { service_principal: this.servicePrincipal };
  }

  /** The resource's attributes for cdktf's HCL output. */
  protected synthesizeHclAttributes(): Record<string, unknown> {
    return { service_principal: { value: this.servicePrincipal, isBlock: false, type: "simple", storageClassType: "string" } };
  }
}
