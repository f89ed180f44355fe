// The repair of cdktf 0.21's HCL renderer (`cdktf synth --hcl`); terraform-validate.test.ts runs the result through terraform.
import { repairCdktfHcl } from "../lib/stacks/hcl-output";
import { stackJsonText } from "../lib/stacks/json-output";

describe("repairCdktfHcl", () => {
  it("turns cdktf's precondition list attribute into one block per condition, escaping quotes outside interpolations", () => {
    const cdktf = [
      'resource "aws_iam_organizations_features" "f" {',
      "lifecycle {",
      "  precondition = [",
      "{",
      'condition = "${(data.aws_caller_identity.c.account_id == "111111111111")}"',
      'error_message = "mode is "external" here, account ${data.aws_caller_identity.c.account_id}"',
      "},",
      "{",
      'condition = "${contains(["a"], "a")}"',
      'error_message = "already \\"escaped\\""',
      "},",
      "]",
      "  prevent_destroy = true",
      "}",
      "}",
    ].join("\n");
    expect(repairCdktfHcl(cdktf).split("\n")).toEqual([
      'resource "aws_iam_organizations_features" "f" {',
      "lifecycle {",
      "  precondition {",
      'condition = "${(data.aws_caller_identity.c.account_id == "111111111111")}"',
      'error_message = "mode is \\"external\\" here, account ${data.aws_caller_identity.c.account_id}"',
      "  }",
      "  precondition {",
      'condition = "${contains(["a"], "a")}"',
      'error_message = "already \\"escaped\\""',
      "  }",
      "  prevent_destroy = true",
      "}",
      "}",
    ]);
  });

  it("unquotes references in depends_on, ignore_changes and provider, and leaves string lists alone", () => {
    const cdktf = [
      "depends_on = [",
      '"aws_organizations_organization.o",',
      "]",
      "  ignore_changes = [",
      '"enabled_policy_types",',
      "]",
      'provider = "aws.delegated-administrator"',
      "aws_service_access_principals = [",
      '"iam.amazonaws.com"',
      "]",
    ].join("\n");
    expect(repairCdktfHcl(cdktf).split("\n")).toEqual([
      "depends_on = [",
      "aws_organizations_organization.o,",
      "]",
      "  ignore_changes = [",
      "enabled_policy_types,",
      "]",
      "provider = aws.delegated-administrator",
      "aws_service_access_principals = [",
      '"iam.amazonaws.com"',
      "]",
    ]);
  });
});

describe("stackJsonText", () => {
  it("writes a resource's destroy hint on the line that declares it (the line Terraform prints when it refuses a destroy)", () => {
    const json = {
      resource: {
        aws_iam_organizations_features: {
          f: { "//": { metadata: { path: "main/f" }, destroy: "set destroyDisables: true" }, enabled_features: ["RootSessions"] },
          g: { "//": { metadata: { path: "main/g" } }, enabled_features: [] },
        },
      },
    };
    const text = stackJsonText(structuredClone(json));
    expect(text.split("\n")).toContain('      "f": { "//": {"destroy":"set destroyDisables: true","metadata":{"path":"main/f"}},');
    expect(JSON.parse(text)).toEqual(json);
  });
});
