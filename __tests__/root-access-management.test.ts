import { Testing, TerraformStack } from "cdktf";
import { RootAccessManagement } from "../lib/constructs/root-access-management";
import { RequiredTerraform } from "../lib/constructs/required-terraform";
import { only, org, resourceTypes, synthOrganization } from "./support/synth";

const IAM = "iam.amazonaws.com";

describe("service-access mode (the default)", () => {
  const { json } = synthOrganization(org());
  const access = only(json, "aws_organizations_aws_service_access");
  const features = only(json, "aws_iam_organizations_features");

  it("enables trusted access for iam.amazonaws.com only, never the organization", () => {
    expect(resourceTypes(json)).toEqual(["aws_iam_organizations_features", "aws_organizations_aws_service_access"]);
    expect(access.body.service_principal).toBe(IAM);
  });

  it("enables both features after trusted access", () => {
    expect(features.body.enabled_features).toEqual(["RootCredentialsManagement", "RootSessions"]);
    expect(features.body.depends_on).toEqual([`aws_organizations_aws_service_access.${access.name}`]);
  });

  it("requires an AWS provider that has aws_organizations_aws_service_access", () => {
    expect(json.terraform.required_providers.aws).toEqual({ source: "hashicorp/aws", version: ">= 6.41.0, < 7.0.0" });
  });

  it("reads no data sources and has no preconditions; a destroy is refused (prevent_destroy)", () => {
    expect(json.data).toBeUndefined();
    expect(features.body.lifecycle).toEqual({ prevent_destroy: true });
  });
});

describe("organization mode", () => {
  it("owns the organization with IAM only, all features, prevent_destroy and ignored policy types (the lab)", () => {
    const { json } = synthOrganization(org({ trustedAccess: { mode: "organization" } }));
    const organization = only(json, "aws_organizations_organization");
    expect(organization.body.aws_service_access_principals).toEqual([IAM]);
    expect(organization.body.feature_set).toBe("ALL");
    expect(organization.body.enabled_policy_types).toBeUndefined();
    expect(organization.body.lifecycle).toEqual({ prevent_destroy: true, ignore_changes: ["enabled_policy_types"] });
    expect(json.import).toBeUndefined();
    expect(json.terraform.required_providers.aws.version).toBe(">= 5.78.0, < 7.0.0");
    expect(resourceTypes(json)).toEqual(["aws_iam_organizations_features", "aws_organizations_organization"]);
  });

  it("keeps every configured service principal, adds IAM, de-duplicated and sorted", () => {
    const { json } = synthOrganization(org({ trustedAccess: { mode: "organization", servicePrincipals: ["sso.amazonaws.com", "config.amazonaws.com", IAM] } }));
    expect(only(json, "aws_organizations_organization").body.aws_service_access_principals).toEqual(["config.amazonaws.com", IAM, "sso.amazonaws.com"]);
  });

  it("manages policy types authoritatively only when they are configured", () => {
    const { json } = synthOrganization(org({ trustedAccess: { mode: "organization", enabledPolicyTypes: ["TAG_POLICY", "SERVICE_CONTROL_POLICY"] } }));
    const organization = only(json, "aws_organizations_organization").body;
    expect(organization.enabled_policy_types).toEqual(["SERVICE_CONTROL_POLICY", "TAG_POLICY"]);
    expect(organization.lifecycle).toEqual({ prevent_destroy: true });
  });

  it("imports the existing organization when organizationId is set", () => {
    const { json } = synthOrganization(org({ trustedAccess: { mode: "organization", organizationId: "o-abc123defg" } }));
    const organization = only(json, "aws_organizations_organization");
    expect(json.import).toEqual([{ to: `aws_organizations_organization.${organization.name}`, id: "o-abc123defg" }]);
  });

  it("orders the features after the organization", () => {
    const { json } = synthOrganization(org({ trustedAccess: { mode: "organization" } }));
    const organization = only(json, "aws_organizations_organization");
    expect(only(json, "aws_iam_organizations_features").body.depends_on).toEqual([`aws_organizations_organization.${organization.name}`]);
  });

  it("reports the organization's own ID as the organization_id output", () => {
    const { json } = synthOrganization(org({ trustedAccess: { mode: "organization" } }));
    const organization = only(json, "aws_organizations_organization");
    expect(json.output!.organization_id.value).toBe(`\${aws_organizations_organization.${organization.name}.id}`);
  });
});

describe("external mode", () => {
  const { json } = synthOrganization(org({ trustedAccess: { mode: "external" } }));
  const data = only(json, "aws_organizations_organization", "data");
  const features = only(json, "aws_iam_organizations_features");

  it("creates no trusted-access resource and no dependency", () => {
    expect(resourceTypes(json)).toEqual(["aws_iam_organizations_features"]);
    expect(features.body.depends_on).toBeUndefined();
  });

  it("fails the plan unless IAM trusted access is on and the organization has all features", () => {
    const ref = `data.aws_organizations_organization.${data.name}`;
    expect(features.body.lifecycle.precondition).toEqual([
      {
        condition: `\${(${ref}.feature_set == "ALL")}`,
        error_message: `The organization \${${ref}.id} is not in all-features mode (feature set \${${ref}.feature_set}); centralized root access needs all features enabled.`,
      },
      {
        condition: `\${contains(tolist(${ref}.aws_service_access_principals), "iam.amazonaws.com")}`,
        error_message: `IAM trusted access (iam.amazonaws.com) is not enabled in the organization \${${ref}.id}; trustedAccess.mode is "external", so whoever owns the organization must enable it first (aws organizations enable-aws-service-access --service-principal iam.amazonaws.com), or use mode "service-access".`,
      },
    ]);
  });

  it("admits AWS provider 5.78 and later", () => {
    expect(json.terraform.required_providers.aws.version).toBe(">= 5.78.0, < 7.0.0");
  });
});

describe("features", () => {
  it.each([[["RootCredentialsManagement"]], [["RootSessions"]], [["RootSessions", "RootCredentialsManagement"]]])("enables exactly %j", (features) => {
    const { json } = synthOrganization(org({ features }));
    expect(only(json, "aws_iam_organizations_features").body.enabled_features).toEqual(features);
    expect(json.output!.enabled_features.value).toMatch(/^\$\{tolist\(aws_iam_organizations_features\.[^.]+\.enabled_features\)\}$/);
  });
});

describe("delegated administrator", () => {
  it("registers the account for iam.amazonaws.com after trusted access and outputs it", () => {
    const { json } = synthOrganization(org({ delegatedAdministrator: { accountId: "222222222222" } }));
    const access = only(json, "aws_organizations_aws_service_access");
    const admin = only(json, "aws_organizations_delegated_administrator");
    expect(admin.body.account_id).toBe("222222222222");
    expect(admin.body.service_principal).toBe(IAM);
    expect(admin.body.depends_on).toEqual([`aws_organizations_aws_service_access.${access.name}`]);
    expect(json.output!.delegated_administrator.value).toBe(`\${aws_organizations_delegated_administrator.${admin.name}.account_id}`);
  });

  it("follows the features in external mode, whose plan checks trusted access", () => {
    const { json } = synthOrganization(org({ trustedAccess: { mode: "external" }, delegatedAdministrator: { accountId: "222222222222" } }));
    const features = only(json, "aws_iam_organizations_features");
    expect(only(json, "aws_organizations_delegated_administrator").body.depends_on).toEqual([`aws_iam_organizations_features.${features.name}`]);
  });

  it("has no output when not configured", () => {
    const { json } = synthOrganization(org());
    expect(Object.keys(json.output!).sort()).toEqual(["enabled_features", "organization_id"]);
  });
});

describe("managementAccountId", () => {
  it("fails the plan unless the caller and the organization's management account are that account", () => {
    const { json } = synthOrganization(org({ managementAccountId: "111111111111" }));
    const caller = only(json, "aws_caller_identity", "data");
    const organization = only(json, "aws_organizations_organization", "data");
    const callerRef = `data.aws_caller_identity.${caller.name}`;
    const orgRef = `data.aws_organizations_organization.${organization.name}`;
    expect(only(json, "aws_iam_organizations_features").body.lifecycle.precondition).toEqual([
      {
        condition: `\${(${callerRef}.account_id == "111111111111")}`,
        error_message: `This plan runs as account \${${callerRef}.account_id}, but managementAccountId is 111111111111; use credentials of the management account (provider profile or assumeRoleArn).`,
      },
      {
        condition: `\${(${orgRef}.master_account_id == "111111111111")}`,
        error_message: `The organization's management account is \${${orgRef}.master_account_id}, not 111111111111 (managementAccountId); check that the config points at the right organization.`,
      },
    ]);
  });

  it("compares with the owned organization in organization mode, without reading it separately", () => {
    const { json } = synthOrganization(org({ managementAccountId: "111111111111", trustedAccess: { mode: "organization" } }));
    const organization = only(json, "aws_organizations_organization");
    expect(json.data!.aws_organizations_organization).toBeUndefined();
    expect(only(json, "aws_iam_organizations_features").body.lifecycle.precondition[1].condition).toBe(
      `\${(aws_organizations_organization.${organization.name}.master_account_id == "111111111111")}`,
    );
  });
});

describe("the construct used directly", () => {
  function construct(props: ConstructorParameters<typeof RootAccessManagement>[2]) {
    const stack = new TerraformStack(Testing.app(), "s");
    return () => new RootAccessManagement(stack, "ra", props);
  }

  it("exposes what it created", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const ra = new RootAccessManagement(stack, "ra", { trustedAccess: { mode: "organization" }, delegatedAdministratorAccountId: "222222222222" });
    expect(ra.mode).toBe("organization");
    expect(ra.organization).toBeDefined();
    expect(ra.serviceAccess).toBeUndefined();
    expect(ra.delegatedAdministrator).toBeDefined();
    expect(ra.enabledFeatures).toEqual(["RootCredentialsManagement", "RootSessions"]);
    expect(ra.providerVersionConstraint).toBe(">= 5.78.0, < 7.0.0");
  });

  it("states the Terraform its removed and import blocks need in the app's own stack, keeping the app's own constraint", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    RequiredTerraform.of(stack).also("< 2.0.0");
    new RootAccessManagement(stack, "ra", { trustedAccess: { mode: "organization", organizationId: "o-abc123defg" } });
    expect(JSON.parse(Testing.synth(stack)).terraform.required_version).toBe(">= 1.7.0, < 2.0.0");
    expect(RequiredTerraform.of(stack).constraint).toBe(">= 1.7.0, < 2.0.0");
  });

  it.each([
    [{ features: [] }, "features: expected at least one feature: RootCredentialsManagement or RootSessions"],
    [{ features: ["RootSessions", "RootSessions"] }, 'features[1]: "RootSessions" is listed twice (also at [0]); list each feature once'],
    [{ features: ["Root"] }, 'features[0]: "Root" is not a feature; expected RootCredentialsManagement or RootSessions'],
    [{ managementAccountId: "12" }, 'managementAccountId: "12" is not an AWS account ID; expected 12 digits'],
    [
      { managementAccountId: "111111111111", delegatedAdministratorAccountId: "111111111111" },
      "delegatedAdministratorAccountId: 111111111111 is the management account (managementAccountId); the delegated administrator must be a member account",
    ],
    [
      { trustedAccess: { mode: "organization", organizationId: "org-1" } },
      'trustedAccess.organizationId: "org-1" is not an organization ID; expected o- followed by 10 to 32 lowercase letters or digits',
    ],
    [
      { trustedAccess: { mode: "organization", servicePrincipals: ["sso"] } },
      'trustedAccess.servicePrincipals[0]: "sso" is not a service principal; expected a name such as sso.amazonaws.com',
    ],
  ])("refuses %j", (props, message) => {
    expect(construct(props as any)).toThrow(`RootAccessManagement at "s/ra": invalid props:\n${message}`);
  });
});
