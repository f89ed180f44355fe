import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultConfig } from "../lib/config/default-config";
import { loadOrganizationsConfig, parseConfigText, readConfigFile, validateConfig } from "../lib/config/load-config";
import { ConfigError } from "../lib/errors";

/** The problems a config is refused with (one line each), or [] when it is accepted. */
function problems(data: unknown): string[] {
  try {
    validateConfig(data, "organizations.json");
    return [];
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return [...err.problems];
  }
}

const base = { name: "main", region: "us-east-1" };
const withOrg = (extra: Record<string, unknown>) => ({ organizations: [{ ...base, ...extra }] });

describe("config refusals", () => {
  it.each<[string, unknown, string]>([
    [
      "a misspelt feature",
      withOrg({ features: ["RootCredentialsManagement", "RootSession"] }),
      'organizations[0].features[1]: "RootSession" is not a feature; expected RootCredentialsManagement or RootSessions',
    ],
    ["an empty feature list", withOrg({ features: [] }), "organizations[0].features: expected at least one feature: RootCredentialsManagement or RootSessions"],
    [
      "a repeated feature",
      withOrg({ features: ["RootSessions", "RootSessions"] }),
      'organizations[0].features[1]: "RootSessions" is listed twice (also at [0]); list each feature once',
    ],
    [
      "a short account ID",
      withOrg({ managementAccountId: "12345" }),
      'organizations[0].managementAccountId: "12345" is not an AWS account ID; expected 12 digits',
    ],
    [
      "a numeric account ID",
      withOrg({ managementAccountId: 111111111111 }),
      "organizations[0].managementAccountId: expected an AWS account ID (12 digits) as a string, got number 111111111111",
    ],
    [
      "a bad delegated admin ID",
      withOrg({ delegatedAdministrator: { accountId: "abc" } }),
      'organizations[0].delegatedAdministrator.accountId: "abc" is not an AWS account ID; expected 12 digits',
    ],
    [
      "the management account as delegated admin",
      withOrg({ managementAccountId: "111111111111", delegatedAdministrator: { accountId: "111111111111" } }),
      "organizations[0].delegatedAdministrator.accountId: 111111111111 is the management account (managementAccountId); the delegated administrator must be a member account",
    ],
    [
      "a bad organization ID",
      withOrg({ trustedAccess: { mode: "organization", organizationId: "o-ABC" } }),
      'organizations[0].trustedAccess.organizationId: "o-ABC" is not an organization ID; expected o- followed by 10 to 32 lowercase letters or digits',
    ],
    [
      "organizationId outside organization mode",
      withOrg({ trustedAccess: { mode: "service-access", organizationId: "o-abc123defg" } }),
      'organizations[0].trustedAccess: unknown key "organizationId"; allowed keys: mode',
    ],
    [
      "an unknown mode",
      withOrg({ trustedAccess: { mode: "org" } }),
      'organizations[0].trustedAccess.mode: "org" is not a trusted-access mode; expected "service-access", "organization" or "external"',
    ],
    [
      "a missing mode",
      withOrg({ trustedAccess: {} }),
      'organizations[0].trustedAccess.mode: required; expected a trusted-access mode: "service-access", "organization" or "external"',
    ],
    [
      "a bad service principal",
      withOrg({ trustedAccess: { mode: "organization", servicePrincipals: ["sso"] } }),
      'organizations[0].trustedAccess.servicePrincipals[0]: "sso" is not a service principal; expected a name such as sso.amazonaws.com',
    ],
    [
      "a bad policy type",
      withOrg({ trustedAccess: { mode: "organization", enabledPolicyTypes: ["scp"] } }),
      'organizations[0].trustedAccess.enabledPolicyTypes[0]: "scp" is not a policy type; expected an Organizations policy type such as SERVICE_CONTROL_POLICY or TAG_POLICY',
    ],
    [
      "a user ARN as role",
      withOrg({ provider: { assumeRoleArn: "arn:aws:iam::111111111111:user/bob" } }),
      'organizations[0].provider.assumeRoleArn: "arn:aws:iam::111111111111:user/bob" is not an IAM role ARN; expected arn:aws:iam::<12-digit account>:role/<name>',
    ],
    [
      "a role ARN with a bad account",
      withOrg({ provider: { assumeRoleArn: "arn:aws:iam::1111:role/x" } }),
      'organizations[0].provider.assumeRoleArn: "arn:aws:iam::1111:role/x" is not an IAM role ARN; expected arn:aws:iam::<12-digit account>:role/<name>',
    ],
    [
      "a region that is not one",
      withOrg({ region: "virginia" }),
      'organizations[0].region: "virginia" is not an AWS region; expected a region code such as us-east-1',
    ],
    ["a missing region", { organizations: [{ name: "main" }] }, "organizations[0].region: required; expected an AWS region (a region code such as us-east-1)"],
    [
      "an upper-case name",
      withOrg({ name: "Main" }),
      'organizations[0].name: "Main" is not a valid name; expected a lowercase letter, then up to 39 lowercase letters, digits or hyphens',
    ],
    [
      "a duplicate name",
      { organizations: [base, { ...base, region: "eu-west-1" }] },
      'organizations[1].name: "main" is already the name of organizations[0]; names must be unique',
    ],
    [
      "an unknown key",
      withOrg({ feature: ["RootSessions"] }),
      'organizations[0]: unknown key "feature"; did you mean `features`?; allowed keys: name, region, managementAccountId, provider, backend, trustedAccess, features, delegatedAdministrator, guardrails, adopt, destroyDisables, stopManaging',
    ],
    [
      "a misspelt required key (one problem, not also the missing key)",
      { organizations: [{ nmae: "main", region: "us-east-1" }] },
      'organizations[0]: unknown key "nmae"; did you mean `name`?; allowed keys: name, region, managementAccountId, provider, backend, trustedAccess, features, delegatedAdministrator, guardrails, adopt, destroyDisables, stopManaging',
    ],
    [
      "a number where a string is expected",
      withOrg({ region: 5 }),
      "organizations[0].region: expected an AWS region (a region code such as us-east-1) as a string, got number 5",
    ],
    ["an unknown top-level key", { organizations: [base], org: 1 }, '(root): unknown key "org"; allowed keys: $schema, organizations'],
    [
      "an unknown backend type",
      withOrg({ backend: { type: "gcs" } }),
      'organizations[0].backend.type: "gcs" is not a backend type; expected "local", "s3" or "cloud"',
    ],
    ["an S3 backend without a bucket", withOrg({ backend: { type: "s3", key: "k" } }), "organizations[0].backend.bucket: required; expected a string"],
    ["an empty organization list", { organizations: [] }, "organizations: expected at least one organization"],
    ["no organizations key", {}, "organizations: expected a list of organizations"],
    ["a list instead of an object", [], "(root): expected an object, got a list"],
  ])("refuses %s", (_what, data, message) => {
    expect(problems(data)).toEqual([`organizations.json: ${message}`]);
  });

  it("reports every problem of a config at once, one line each", () => {
    expect(problems(withOrg({ region: "x", features: ["A", "RootSessions", "RootSessions"] }))).toEqual([
      'organizations.json: organizations[0].region: "x" is not an AWS region; expected a region code such as us-east-1',
      'organizations.json: organizations[0].features[0]: "A" is not a feature; expected RootCredentialsManagement or RootSessions',
      'organizations.json: organizations[0].features[2]: "RootSessions" is listed twice (also at [1]); list each feature once',
    ]);
  });

  it("refuses text that is not JSON, naming the file, line and column", () => {
    expect(() => parseConfigText("{\n  organizations: []\n}", "my.json")).toThrow(
      new ConfigError(["my.json:2:3: not valid JSON: unexpected character (property names and strings need double quotes)"]),
    );
    expect(() => parseConfigText('{ "organizations": [ }', "my.json")).toThrow(new ConfigError(["my.json:1:22: not valid JSON: expected a value"]));
  });

  it("accepts comments and trailing commas (JSONC), as in the README's examples", () => {
    const text = '{\n  // the organizations\n  "organizations": [\n    { "name": "main", /* stack */ "region": "us-east-1", },\n  ],\n}\n';
    expect(parseConfigText(text, "my.json")).toEqual({ organizations: [{ name: "main", region: "us-east-1" }] });
  });

  it("refuses a file that does not exist", () => {
    expect(() => readConfigFile("/nonexistent/orgs.json")).toThrow("/nonexistent/orgs.json: cannot read the config: no such file");
  });
});

describe("config accepted", () => {
  it("accepts the embedded default, which is one safe organization", () => {
    const config = defaultConfig({});
    expect(problems(config)).toEqual([]);
    expect(config.organizations).toEqual([
      { name: "default", region: "us-east-1", trustedAccess: { mode: "service-access" }, features: ["RootCredentialsManagement", "RootSessions"] },
    ]);
  });

  it("takes the default region from AWS_REGION", () => {
    expect(defaultConfig({ AWS_REGION: "eu-central-1" }).organizations[0].region).toBe("eu-central-1");
  });

  it.each(["examples/lab.json", "examples/multi-org.json", "examples/sandbox.json", "examples/hcp-terraform.json"])("accepts %s", (file) => {
    expect(() => readConfigFile(join(__dirname, "..", file))).not.toThrow();
  });
});

describe("finding the config", () => {
  const dir = mkdtempSync(join(tmpdir(), "ra-config-"));
  const file = join(dir, "custom.json");
  writeFileSync(file, JSON.stringify({ organizations: [{ name: "custom", region: "us-west-2" }] }));

  it("reads the file named by ROOT_ACCESS_CONFIG first", () => {
    const loaded = loadOrganizationsConfig({ ROOT_ACCESS_CONFIG: file }, dir);
    expect(loaded.source).toBe(file);
    expect(loaded.config.organizations[0].name).toBe("custom");
  });

  it("reads organizations.json in the working folder next", () => {
    const cwd = mkdtempSync(join(tmpdir(), "ra-cwd-"));
    writeFileSync(join(cwd, "organizations.json"), JSON.stringify({ organizations: [{ name: "local", region: "us-east-2" }] }));
    const loaded = loadOrganizationsConfig({}, cwd);
    expect(loaded.source).toBe("organizations.json");
    expect(loaded.config.organizations[0].name).toBe("local");
  });

  it("falls back to the embedded default", () => {
    const loaded = loadOrganizationsConfig({ AWS_REGION: "ap-southeast-2" }, dir);
    expect(loaded.source).toBe("embedded default");
    expect(loaded.config.organizations[0]).toMatchObject({ name: "default", region: "ap-southeast-2" });
  });
});
