import { only, org, synthOrganization, synthOrganizations } from "./support/synth";

describe("OrganizationStack provider", () => {
  it("uses the organization's region and nothing else by default", () => {
    const { json } = synthOrganization(org({ region: "eu-west-1" }));
    expect(json.provider!.aws).toEqual([{ region: "eu-west-1" }]);
  });

  it("passes the profile and the role to assume", () => {
    const { json } = synthOrganization(org({ provider: { profile: "mgmt", assumeRoleArn: "arn:aws:iam::111111111111:role/terraform" } }));
    expect(json.provider!.aws).toEqual([
      {
        region: "us-east-1",
        profile: "mgmt",
        assume_role: [{ role_arn: "arn:aws:iam::111111111111:role/terraform", session_name: "cdktf-root-access" }],
      },
    ]);
  });
});

describe("OrganizationStack backend", () => {
  it("keeps state locally, per stack, by default", () => {
    const { json } = synthOrganization(org({ name: "prod" }));
    expect(Object.keys(json.terraform.backend)).toEqual(["local"]);
    expect(json.terraform.backend.local.path).toMatch(/terraform\.prod\.tfstate$/);
  });

  it("writes local state where the config says", () => {
    const { json } = synthOrganization(org({ backend: { type: "local", path: "state/main.tfstate" } }));
    expect(json.terraform.backend).toEqual({ local: { path: "state/main.tfstate" } });
  });

  it("uses S3 with native locking and encryption by default", () => {
    const { json } = synthOrganization(org({ backend: { type: "s3", bucket: "tf-state", key: "root-access/main.tfstate" } }));
    expect(json.terraform.backend).toEqual({
      s3: { bucket: "tf-state", key: "root-access/main.tfstate", region: "us-east-1", encrypt: true, use_lockfile: true },
    });
  });

  it("honours the S3 backend's region, lockfile and encryption settings and the provider profile", () => {
    const { json } = synthOrganization(
      org({
        provider: { profile: "mgmt" },
        backend: { type: "s3", bucket: "tf-state", key: "k", region: "eu-central-1", useLockfile: false, encrypt: false },
      }),
    );
    expect(json.terraform.backend).toEqual({
      s3: { bucket: "tf-state", key: "k", region: "eu-central-1", encrypt: false, use_lockfile: false, profile: "mgmt" },
    });
  });
});

describe("one stack per organization", () => {
  it("names each stack after its organization and keeps their settings apart", () => {
    const { stacks, json } = synthOrganizations([
      org({ name: "alpha", region: "us-east-1" }),
      org({ name: "beta", region: "eu-west-1", trustedAccess: { mode: "organization" }, features: ["RootSessions"] }),
    ]);
    expect(stacks.map((s) => s.node.id)).toEqual(["alpha", "beta"]);
    expect(json[0].provider!.aws[0].region).toBe("us-east-1");
    expect(json[1].provider!.aws[0].region).toBe("eu-west-1");
    expect(only(json[1], "aws_iam_organizations_features").body.enabled_features).toEqual(["RootSessions"]);
    expect(json[0].resource!.aws_organizations_organization).toBeUndefined();
  });
});
