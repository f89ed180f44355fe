// What the stacks declare for a real organization's life: imports of what is on, no silent turning
// off, removed blocks, partitions, portable output and the Terraform version they need.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, Testing } from "cdktf";
import { addOrganizationStacks } from "../lib/app";
import { validateConfig } from "../lib/config/load-config";
import { ConfigError } from "../lib/errors";
import { org, only, synthOrganization, TerraformJson } from "./support/synth";

const ORG_ID = "o-abc123defg";
const DA = "222222222222";
const address = (json: TerraformJson, type: string) => `${type}.${only(json, type).name}`;
const removedFrom = (json: TerraformJson) => ((json as { removed?: { from: string; lifecycle: unknown }[] }).removed ?? []).map((r) => r.from).sort();

describe("adopting what is on (import blocks)", () => {
  it("imports IAM trusted access, the features and the delegated administrator in service-access mode", () => {
    const { json } = synthOrganization(
      org({
        delegatedAdministrator: { accountId: DA },
        adopt: { organizationId: ORG_ID, iamTrustedAccess: true, features: true, delegatedAdministrator: true },
      }),
    );
    expect(json.import).toEqual([
      { to: address(json, "aws_organizations_aws_service_access"), id: "iam.amazonaws.com" },
      { to: address(json, "aws_iam_organizations_features"), id: ORG_ID },
      { to: address(json, "aws_organizations_delegated_administrator"), id: `${DA}/iam.amazonaws.com` },
    ]);
  });

  it("takes the features' import ID from the organization in organization mode", () => {
    const { json } = synthOrganization(org({ trustedAccess: { mode: "organization", organizationId: ORG_ID }, adopt: { features: true } }));
    expect(json.import).toEqual([
      { to: address(json, "aws_organizations_organization"), id: ORG_ID },
      { to: address(json, "aws_iam_organizations_features"), id: ORG_ID },
    ]);
  });

  it("imports nothing by default", () => {
    expect(synthOrganization(org()).json.import).toBeUndefined();
  });

  it.each([
    [
      { adopt: { features: true } },
      "organizations[0].adopt.features: importing the features needs the organization's ID: set adopt.organizationId (discover --write does)",
    ],
    [
      { trustedAccess: { mode: "external" }, adopt: { iamTrustedAccess: true } },
      'organizations[0].adopt.iamTrustedAccess: only "service-access" mode has a trusted-access resource to import (the mode is "external")',
    ],
    [
      { adopt: { delegatedAdministrator: true } },
      "organizations[0].adopt.delegatedAdministrator: there is no delegated administrator to import: set delegatedAdministrator.accountId",
    ],
    [
      { adopt: { organizationId: "o-1" } },
      'organizations[0].adopt.organizationId: "o-1" is not an organization ID; expected o- followed by 10 to 32 lowercase letters or digits',
    ],
  ])("refuses %j", (extra, message) => {
    expect(() => validateConfig({ organizations: [org(extra)] }, "c.json")).toThrow(new ConfigError([`c.json: ${message}`]));
  });
});

describe("never turning off silently", () => {
  it("puts prevent_destroy on trusted access, the features and the delegated administrator by default", () => {
    const { json } = synthOrganization(org({ delegatedAdministrator: { accountId: DA } }));
    for (const type of ["aws_organizations_aws_service_access", "aws_iam_organizations_features", "aws_organizations_delegated_administrator"]) {
      expect(only(json, type).body.lifecycle).toMatchObject({ prevent_destroy: true });
    }
  });

  it("lifts it with destroyDisables; in organization mode the organization is forgotten and read instead, never deleted", () => {
    const protectedOne = synthOrganization(org({ managementAccountId: "111111111111", trustedAccess: { mode: "organization" } })).json;
    const { json } = synthOrganization(
      org({ managementAccountId: "111111111111", destroyDisables: true, delegatedAdministrator: { accountId: DA }, trustedAccess: { mode: "organization" } }),
    );
    expect(only(json, "aws_iam_organizations_features").body.lifecycle).toEqual({ precondition: expect.any(Array) });
    expect(only(json, "aws_iam_organizations_features").body.depends_on).toBeUndefined();
    expect(only(json, "aws_organizations_delegated_administrator").body.lifecycle).toBeUndefined();
    expect(json.resource?.aws_organizations_organization).toBeUndefined();
    expect(removedFrom(json)).toContain(address(protectedOne, "aws_organizations_organization"));
    const data = only(json, "aws_organizations_organization", "data");
    expect(json.output?.organization_id.value).toBe(`\${data.aws_organizations_organization.${data.name}.id}`);
    expect(JSON.stringify(only(json, "aws_iam_organizations_features").body.lifecycle.precondition)).toContain(
      `data.aws_organizations_organization.${data.name}.master_account_id == \\"111111111111\\"`,
    );
  });

  it.each([
    ["service-access", { mode: "service-access" }, ["aws_organizations_delegated_administrator", "aws_organizations_organization"]],
    ["organization", { mode: "organization" }, ["aws_organizations_aws_service_access", "aws_organizations_delegated_administrator"]],
    ["external", { mode: "external" }, ["aws_organizations_aws_service_access", "aws_organizations_delegated_administrator", "aws_organizations_organization"]],
  ])("in %s mode, forgets (never destroys) the other modes' resources and a delegated administrator taken out of the config", (_mode, trustedAccess, types) => {
    const { json } = synthOrganization(org({ trustedAccess }));
    expect(removedFrom(json).map((a) => a.split(".")[0])).toEqual(types);
    for (const r of (json as { removed?: { lifecycle: unknown }[] }).removed ?? []) expect(r.lifecycle).toEqual({ destroy: false });
  });

  it("keeps the addresses the resources had, so a mode switch forgets exactly the old resource", () => {
    const before = synthOrganization(org({ trustedAccess: { mode: "organization" } })).json;
    const after = synthOrganization(org({ trustedAccess: { mode: "external" } })).json;
    expect(removedFrom(after)).toContain(address(before, "aws_organizations_organization"));
    const service = synthOrganization(org()).json;
    expect(removedFrom(before)).toContain(address(service, "aws_organizations_aws_service_access"));
  });

  it("stopManaging declares nothing but removed blocks for every resource, guardrails included", () => {
    const entry = org({
      managementAccountId: "111111111111",
      delegatedAdministrator: { accountId: DA },
      guardrails: { denyRootScp: { targetIds: ["r-ab12"] }, assumeRootAlerts: { emails: ["a@example.com"] } },
    });
    const managed = synthOrganization(entry).json;
    const forgotten = synthOrganization({ ...entry, stopManaging: true }).json;
    expect(forgotten.resource).toBeUndefined();
    expect(forgotten.data).toBeUndefined();
    expect(forgotten.output).toBeUndefined();
    const addresses = Object.entries(managed.resource!).flatMap(([type, rs]) => Object.keys(rs).map((n) => `${type}.${n}`));
    expect(removedFrom(forgotten)).toEqual(addresses.sort());
    expect(forgotten.provider!.aws).toEqual(managed.provider!.aws);
    expect(forgotten.terraform.backend).toEqual(managed.terraform.backend);
  });
});

describe("required_version: the lowest Terraform with what the stack uses", () => {
  it("is 1.7 for removed blocks (every stack has them: mode switches forget, never destroy)", () => {
    expect(synthOrganization(org()).json.terraform.required_version).toBe(">= 1.7.0");
  });

  it("stays 1.7 with import blocks (1.5)", () => {
    expect(synthOrganization(org({ trustedAccess: { mode: "organization", organizationId: ORG_ID } })).json.terraform.required_version).toBe(">= 1.7.0");
  });

  it("is 1.10 with S3-native state locking, and 1.7 without it", () => {
    const s3 = { type: "s3", bucket: "tf-state", key: "k" };
    expect(synthOrganization(org({ backend: s3 })).json.terraform.required_version).toBe(">= 1.10.0");
    expect(synthOrganization(org({ backend: { ...s3, useLockfile: false } })).json.terraform.required_version).toBe(">= 1.7.0");
  });
});

describe("partitions", () => {
  const guarded = (region: string) =>
    org({
      region,
      guardrails: {
        operatorRoles: [
          {
            name: "Auditor",
            taskPolicies: ["IAMAuditRootUserCredentials"],
            trustedPrincipalArns: ["arn:aws-us-gov:iam::111111111111:role/Sec"],
            targetAccountIds: ["*"],
          },
        ],
        denyRootScp: { targetIds: ["r-ab12"] },
      },
    });

  it("writes every ARN in the organization's partition (aws-us-gov for a GovCloud region)", () => {
    const { json } = synthOrganization(guarded("us-gov-west-1"));
    const scp = JSON.parse(only(json, "aws_organizations_policy").body.content);
    expect(scp.Statement[0].Condition.ArnLike["aws:PrincipalArn"]).toBe("arn:aws-us-gov:iam::*:root");
    const policy = JSON.parse(only(json, "aws_iam_role_policy").body.policy);
    expect(policy.Statement[0].Resource).toEqual(["arn:aws-us-gov:iam::*:root"]);
    expect(policy.Statement[0].Condition.ArnEquals["sts:TaskPolicyArn"]).toEqual(["arn:aws-us-gov:iam::aws:policy/root-task/IAMAuditRootUserCredentials"]);
    expect(JSON.stringify(json)).not.toMatch(/arn:aws:/);
  });

  it("keeps aws in the commercial regions", () => {
    const scp = JSON.parse(only(synthOrganization(guarded("eu-west-1")).json, "aws_organizations_policy").body.content);
    expect(scp.Statement[0].Condition.ArnLike["aws:PrincipalArn"]).toBe("arn:aws:iam::*:root");
  });

  it("refuses a China region with one line citing the documentation", () => {
    expect(() => validateConfig({ organizations: [org({ region: "cn-north-1" })] }, "c.json")).toThrow(
      new ConfigError([
        'c.json: organizations[0].region: cn-north-1 is in the AWS China partition (aws-cn): its accounts have no root user for centralized root access to manage (AWS China documentation, IAM in "Getting Started with Amazon Web Services in China"); use a region of the aws or aws-us-gov partition',
      ]),
    );
  });
});

describe("portable synth", () => {
  /** Synthesizes the default-shaped config as main.ts would, from `cwd` with the default outdir. */
  function synthFrom(cwd: string): string {
    const saved = process.cwd();
    process.chdir(cwd);
    try {
      const app = Testing.app({ outdir: "cdktf.out" }) as App;
      const [stack] = addOrganizationStacks(app, validateConfig({ organizations: [org()] }, "c.json"));
      return Testing.synth(stack);
    } finally {
      process.chdir(saved);
    }
  }

  it("gives byte-identical JSON from two checkouts at different paths, with the state path relative to the stack folder", () => {
    const a = synthFrom(mkdtempSync(join(tmpdir(), "ra-checkout-a-")));
    const b = synthFrom(join(mkdtempSync(join(tmpdir(), "ra-checkout-b-")), ".."));
    expect(a).toBe(b);
    expect(JSON.parse(a).terraform.backend.local.path).toBe("../../../terraform.main.tfstate");
  });
});
