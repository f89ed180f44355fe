// Plan-time checks and the lab's lifecycle proven with the real terraform and a mocked AWS provider.
import { only, org, synthOrganization } from "./support/synth";
import { describeWithTerraform, flat, terraform, terraformTest } from "./support/terraform";

const MGMT = "111111111111";

function organizationData(values: Record<string, unknown>, target: string): string {
  return `  override_data {\n    target = ${target}\n    values = ${JSON.stringify(values)}\n  }\n`;
}

describeWithTerraform(`terraform test with a mocked provider${terraform.available ? ` (hashicorp/aws ${terraform.providerVersion})` : ""}`, () => {
  describe("external mode", () => {
    const { json } = synthOrganization(org({ trustedAccess: { mode: "external" } }));
    const data = `data.aws_organizations_organization.${only(json, "aws_organizations_organization", "data").name}`;
    const features = `aws_iam_organizations_features.${only(json, "aws_iam_organizations_features").name}`;
    const live = (principals: string[], featureSet = "ALL") =>
      organizationData({ id: "o-abc123defg", feature_set: featureSet, aws_service_access_principals: principals }, data);

    it.concurrent("fails the plan when IAM trusted access is off and passes when it is on", async () => {
      const result = await terraformTest(
        json,
        [
          `run "iam_trusted_access_off" {\n  command = plan\n${live(["sso.amazonaws.com"])}  expect_failures = [${features}]\n}`,
          `run "not_all_features" {\n  command = plan\n${live(["iam.amazonaws.com"], "CONSOLIDATED_BILLING")}  expect_failures = [${features}]\n}`,
          `run "iam_trusted_access_on" {\n  command = plan\n${live(["iam.amazonaws.com", "sso.amazonaws.com"])}  assert {\n    condition = length(${features}.enabled_features) == 2\n    error_message = "both features"\n  }\n}`,
        ].join("\n\n"),
      );
      expect(result.stdout).toMatch(/run "iam_trusted_access_off"\.\.\. pass/);
      expect(result.stdout).toMatch(/run "not_all_features"\.\.\. pass/);
      expect(result.stdout).toMatch(/run "iam_trusted_access_on"\.\.\. pass/);
      expect(result.stdout).toContain("Success! 3 passed, 0 failed.");
      expect(result.code).toBe(0);
    });

    it.concurrent("tells the user what to do when IAM trusted access is off", async () => {
      const result = await terraformTest(json, `run "plan" {\n  command = plan\n${live(["sso.amazonaws.com"])}}`);
      expect(result.code).toBe(1);
      const text = flat(result);
      expect(text).toContain(
        'IAM trusted access (iam.amazonaws.com) is not enabled in the organization o-abc123defg; trustedAccess.mode is "external", so whoever owns the organization must enable it first',
      );
    });
  });

  describe("managementAccountId", () => {
    const { json } = synthOrganization(org({ trustedAccess: { mode: "external" }, managementAccountId: MGMT }));
    const data = `data.aws_organizations_organization.${only(json, "aws_organizations_organization", "data").name}`;
    const caller = `data.aws_caller_identity.${only(json, "aws_caller_identity", "data").name}`;
    const features = `aws_iam_organizations_features.${only(json, "aws_iam_organizations_features").name}`;
    const run = (name: string, callerAccount: string, masterAccount: string, fails: boolean) =>
      `run "${name}" {\n  command = plan\n` +
      organizationData(
        { id: "o-abc123defg", feature_set: "ALL", aws_service_access_principals: ["iam.amazonaws.com"], master_account_id: masterAccount },
        data,
      ) +
      organizationData({ account_id: callerAccount }, caller) +
      (fails ? `  expect_failures = [${features}]\n` : "") +
      "}";

    it.concurrent("fails the plan for another caller or another organization, and passes for the management account", async () => {
      const result = await terraformTest(
        json,
        [
          run("another_caller", "999999999999", MGMT, true),
          run("another_organization", MGMT, "999999999999", true),
          run("management_account", MGMT, MGMT, false),
        ].join("\n\n"),
      );
      expect(result.stdout).toMatch(/run "another_caller"\.\.\. pass/);
      expect(result.stdout).toMatch(/run "another_organization"\.\.\. pass/);
      expect(result.stdout).toMatch(/run "management_account"\.\.\. pass/);
      expect(result.code).toBe(0);
    });

    it.concurrent("names the caller's account in the failure", async () => {
      const result = await terraformTest(json, run("another_caller", "999999999999", MGMT, false));
      expect(result.code).toBe(1);
      expect(flat(result)).toContain("This plan runs as account 999999999999, but managementAccountId is 111111111111");
    });
  });

  describe("the lab", () => {
    it.concurrent("applies, and its destroy is refused by prevent_destroy: the features first, the organization stays too", async () => {
      const { json } = synthOrganization(org({ name: "lab", trustedAccess: { mode: "organization" } }));
      const organization = `aws_organizations_organization.${only(json, "aws_organizations_organization").name}`;
      const features = `aws_iam_organizations_features.${only(json, "aws_iam_organizations_features").name}`;
      const result = await terraformTest(
        json,
        `run "apply" {\n  command = apply\n  assert {\n    condition = ${organization}.feature_set == "ALL" && contains(${organization}.aws_service_access_principals, "iam.amazonaws.com")\n    error_message = "organization"\n  }\n  assert {\n    condition = length(${features}.enabled_features) == 2\n    error_message = "features"\n  }\n}`,
      );
      expect(result.stdout).toMatch(/run "apply"\.\.\. pass/);
      expect(result.stdout).toContain("1 passed, 0 failed.");
      // The refusal surfaces at teardown: terraform test exits 1 and lists what it left in state.
      const text = flat(result);
      expect(text).toContain(`Resource ${features} has lifecycle.prevent_destroy set, but the plan calls for this resource to be destroyed.`);
      for (const address of [features, organization]) {
        expect(result.stdout + result.stderr).toMatch(new RegExp(`left the following resources in state[^]*\\n\\s+- ${address.replace(/\./g, "\\.")}\\n`));
      }
      expect(result.code).toBe(1);
    });
  });
});
