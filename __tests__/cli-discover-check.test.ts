// `root-access discover` and `check` end to end: the real CLI process, the real SDK, the local fake.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { readConfigFile } from "../lib/config/load-config";
import { runCli, runCliProcess } from "./support/cli";
import { FakeAws, FakeOrganization, startFake } from "../tools/fake-aws";
import { only, synthOrganizations } from "./support/synth";
import { itWaits } from "./support/fast";

function liveOrganization(): FakeOrganization {
  const org = new FakeOrganization().enableRootAccess();
  org.id = "o-abc123defg";
  org.servicePrincipals.add("sso.amazonaws.com");
  org.servicePrincipals.add("config.amazonaws.com");
  org.enabledPolicyTypes.add("SERVICE_CONTROL_POLICY");
  org.addAccount({ id: "222222222222", name: "security" });
  org.delegatedAdministrators.set("iam.amazonaws.com", new Set(["222222222222"]));
  return org;
}

const tmp = () => mkdtempSync(join(tmpdir(), "ra-cli-"));

describe("root-access discover", () => {
  let fake: FakeAws;
  beforeAll(async () => (fake = await startFake(liveOrganization())));
  afterAll(() => fake.stop());

  it("prints the live organization's facts as JSON", async () => {
    const run = await runCli(["discover", "--format", "json"], fake.env());
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      organizationId: "o-abc123defg",
      managementAccountId: "111111111111",
      featureSet: "ALL",
      caller: { accountId: "111111111111", arn: "arn:aws:iam::111111111111:user/fake-operator" },
      trustedServicePrincipals: ["config.amazonaws.com", "iam.amazonaws.com", "sso.amazonaws.com"],
      iamTrustedAccess: true,
      iamDelegatedAdministrators: ["222222222222"],
      rootId: "r-ex12",
      enabledPolicyTypes: ["SERVICE_CONTROL_POLICY"],
      enabledFeatures: ["RootCredentialsManagement", "RootSessions"],
    });
  });

  it("writes an organization-mode entry that keeps SSO and Config when synthesized", async () => {
    const file = join(tmp(), "organizations.json");
    const run = await runCli(["discover", "--write", file, "--name", "prod", "--mode", "organization"], fake.env());
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`added organization "prod" in ${file}\n`);
    const config = readConfigFile(file);
    expect(config.organizations).toEqual([
      {
        name: "prod",
        region: "us-east-1",
        managementAccountId: "111111111111",
        trustedAccess: {
          mode: "organization",
          organizationId: "o-abc123defg",
          servicePrincipals: ["config.amazonaws.com", "sso.amazonaws.com"],
          enabledPolicyTypes: ["SERVICE_CONTROL_POLICY"],
        },
        delegatedAdministrator: { accountId: "222222222222" },
        // Live already: imported, never registered or enabled a second time.
        adopt: { organizationId: "o-abc123defg", features: true, delegatedAdministrator: true },
      },
    ]);
    const { json } = synthOrganizations(config.organizations as any);
    expect(only(json[0], "aws_organizations_organization").body.aws_service_access_principals).toEqual([
      "config.amazonaws.com",
      "iam.amazonaws.com",
      "sso.amazonaws.com",
    ]);
    expect(only(json[0], "aws_organizations_organization").body.enabled_policy_types).toEqual(["SERVICE_CONTROL_POLICY"]);
    expect(json[0].import).toEqual([
      { to: expect.stringMatching(/^aws_organizations_organization\./), id: "o-abc123defg" },
      { to: expect.stringMatching(/^aws_iam_organizations_features\./), id: "o-abc123defg" },
      { to: expect.stringMatching(/^aws_organizations_delegated_administrator\./), id: "222222222222/iam.amazonaws.com" },
    ]);
  });

  it("starts a new file with the $schema line editors autocomplete with", async () => {
    const file = join(tmp(), "organizations.json");
    expect((await runCli(["discover", "--write", file], fake.env(), { cwd: dirname(file) })).code).toBe(0);
    expect(readFileSync(file, "utf8")).toMatch(/^\{\n {2}"\$schema": "\.\/schema\/organizations\.schema\.json",\n {2}"organizations": \[/);
  });

  it.each([
    ["external", "organization", "imports the live one"],
    ["organization", "external", "only checks that IAM trusted access is on"],
  ] as const)("--mode switches an existing %s entry to %s, saying what that means for the stack", async (from, to, means) => {
    const file = join(tmp(), "organizations.json");
    writeFileSync(file, JSON.stringify({ organizations: [{ name: "prod", region: "us-east-1", trustedAccess: { mode: from } }] }));
    const run = await runCli(["discover", "--write", file, "--name", "prod", "--mode", to], fake.env());
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`updated organization "prod" in ${file}\n`);
    expect(run.stderr).toContain(
      `trustedAccess.mode: ${from} -> ${to}: the next deploy forgets the ${from} mode's resource (a removed block, nothing turned off) and ${means}`,
    );
    const entry = readConfigFile(file).organizations[0];
    expect(entry.trustedAccess?.mode).toBe(to);
    if (to === "organization")
      expect(entry.trustedAccess).toMatchObject({ organizationId: "o-abc123defg", servicePrincipals: ["config.amazonaws.com", "sso.amazonaws.com"] });
    else expect(entry.trustedAccess).toEqual({ mode: "external" });
  });

  it("updates only its own entry and keeps the rest of the file byte for byte", async () => {
    const file = join(tmp(), "organizations.json");
    const other = `    {\n      "name": "other",   "region": "eu-west-1",\n      "features": ["RootSessions"]\n    }`;
    writeFileSync(
      file,
      `{\n  "organizations": [\n${other},\n    { "name": "prod", "region": "us-east-1", "trustedAccess": { "mode": "organization", "servicePrincipals": ["sso.amazonaws.com"] } }\n  ]\n}\n`,
    );
    const run = await runCli(["discover", "--write", file, "--name", "prod"], fake.env());
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`updated organization "prod" in ${file}\n`);
    const text = readFileSync(file, "utf8");
    expect(text).toContain(other);
    const prod = readConfigFile(file).organizations[1];
    expect(prod.trustedAccess).toEqual({
      mode: "organization",
      organizationId: "o-abc123defg",
      servicePrincipals: ["config.amazonaws.com", "sso.amazonaws.com"],
      enabledPolicyTypes: ["SERVICE_CONTROL_POLICY"],
    });
  });

  it("finds the entry for this organization by its management account when --name is not given", async () => {
    const file = join(tmp(), "organizations.json");
    writeFileSync(file, JSON.stringify({ organizations: [{ name: "corp", region: "eu-west-1", managementAccountId: "111111111111" }] }, null, 2));
    const run = await runCli(["discover", "--write", file], fake.env());
    expect(run.stderr).toBe(`updated organization "corp" in ${file}\n`);
    expect(readConfigFile(file).organizations).toEqual([
      {
        name: "corp",
        region: "eu-west-1",
        managementAccountId: "111111111111",
        trustedAccess: { mode: "service-access" },
        delegatedAdministrator: { accountId: "222222222222" },
        adopt: { organizationId: "o-abc123defg", iamTrustedAccess: true, features: true, delegatedAdministrator: true },
      },
    ]);
  });

  it("keeps the comments and trailing commas of a JSONC config it updates", async () => {
    const file = join(tmp(), "organizations.json");
    const text =
      '{\n  // our organizations\n  "organizations": [\n    { "name": "corp", "region": "eu-west-1", "managementAccountId": "111111111111", /* prod */ },\n  ],\n}\n';
    writeFileSync(file, text);
    const run = await runCli(["discover", "--write", file], fake.env());
    expect(run.code).toBe(0);
    const after = readFileSync(file, "utf8");
    expect(after).toContain("// our organizations");
    expect(after).toContain("/* prod */");
    expect(readConfigFile(file).organizations[0].adopt).toEqual({
      organizationId: "o-abc123defg",
      iamTrustedAccess: true,
      features: true,
      delegatedAdministrator: true,
    });
  });

  it("refuses to write into a file that is not a config, and leaves it untouched", async () => {
    const file = join(tmp(), "organizations.json");
    writeFileSync(file, "[1, 2");
    const run = await runCli(["discover", "--write", file], fake.env());
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`root-access: ${file}: cannot update: the file is not a config with an "organizations" list (fix it or write to a new file)\n`);
    expect(readFileSync(file, "utf8")).toBe("[1, 2");
  });
});

describe("root-access check", () => {
  const configFile = (organizations: unknown[]) => {
    const file = join(tmp(), "organizations.json");
    writeFileSync(file, JSON.stringify({ organizations }));
    return file;
  };
  const prod = (extra: Record<string, unknown> = {}) => ({ name: "prod", region: "us-east-1", ...extra });

  let fake: FakeAws;
  beforeAll(async () => (fake = await startFake(liveOrganization())));
  afterAll(() => fake.stop());

  it("exits 0 when everything is in order", async () => {
    const file = configFile([prod({ managementAccountId: "111111111111", delegatedAdministrator: { accountId: "222222222222" } })]);
    const run = await runCli(["check", "--config", file, "--no-color"], fake.env());
    expect(run.stdout.trim().split("\n")).toEqual([
      "prod  ok     IAM trusted access (iam.amazonaws.com) is on",
      "prod  ok     RootCredentialsManagement is enabled",
      "prod  ok     RootSessions is enabled",
      "prod  ok     222222222222 is the IAM delegated administrator",
      "prod  ok     the management account's root user (111111111111) has MFA and no access keys",
      "prod: in order",
    ]);
    expect(run.stderr).toBe(`checking "prod" from ${file}\n`);
    expect(run.code).toBe(0);
  });

  it("says in its first line when it checks the embedded default config", async () => {
    const run = await runCli(["check", "--format", "json"], { ...fake.env(), ROOT_ACCESS_CONFIG: "" }, { cwd: tmp() });
    expect(run.stderr.split("\n")[0]).toBe('checking "default" from the embedded default config (no --config, ROOT_ACCESS_CONFIG or organizations.json)');
  });

  it("flags SSO and Config that an organization-mode deploy would disable, exit 1", async () => {
    const file = configFile([prod({ trustedAccess: { mode: "organization" } })]);
    const run = await runCli(["check", "--config", file, "--format", "json"], fake.env());
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.findings.filter((f: any) => f.severity === "error").map((f: any) => f.message)).toEqual([
      "config.amazonaws.com has trusted access but is not in trustedAccess.servicePrincipals: deploying would disable its trusted access (run root-access discover --write)",
      "sso.amazonaws.com has trusted access but is not in trustedAccess.servicePrincipals: deploying would disable its trusted access (run root-access discover --write)",
    ]);
    expect(report.summary).toEqual({ errors: 2, warnings: 0, needsAttention: true });
  });

  it("writes a Markdown table for a pull-request comment", async () => {
    const file = configFile([prod({ features: ["RootSessions"] })]);
    const run = await runCli(["check", "--config", file, "--format", "markdown"], fake.env());
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("### root-access check: ❌ 0 errors, 1 warning\n\n|  | Organization | Check | Finding |\n|---|---|---|---|\n");
    expect(run.stdout).toContain(
      "| ⚠️ | prod | `feature-would-be-disabled` | RootCredentialsManagement is enabled but not in features: deploying would disable it |",
    );
  });

  it("checks only the organization named with --name, and refuses an unknown name", async () => {
    const file = configFile([prod(), { name: "other", region: "eu-west-1", managementAccountId: "999999999999" }]);
    const ok = await runCli(["check", "--config", file, "--name", "prod", "--format", "json"], fake.env());
    expect(new Set(JSON.parse(ok.stdout).findings.map((f: any) => f.organization))).toEqual(new Set(["prod"]));
    const bad = await runCli(["check", "--config", file, "--name", "nope"], fake.env());
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("root-access: --name nope: no such organization in the config; expected one of prod, other\n");
  });

  it("refuses a bad config with its one-line problems and exit 2", async () => {
    const file = configFile([prod({ features: ["RootSession"] })]);
    const run = await runCli(["check", "--config", file], fake.env());
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `root-access: ${file}: organizations[0].features[0]: "RootSession" is not a feature; expected RootCredentialsManagement or RootSessions\n`,
    );
  });

  it("flags a caller that is not the management account", async () => {
    const org = liveOrganization();
    const own = await startFake(org);
    try {
      const run = await runCli(["check", "--config", configFile([prod()]), "--format", "json"], own.env("AKID222222222222"));
      expect(run.code).toBe(1);
      expect(JSON.parse(run.stdout).findings[0]).toEqual({
        organization: "prod",
        severity: "error",
        code: "caller-not-management-account",
        message: "the caller (222222222222) is not the management account 111111111111; only it can enable the features and deploy the stack",
        // review's names for the same values (added, never renamed)
        stack: "prod",
        rule: "caller-not-management-account",
      });
    } finally {
      await own.stop();
    }
  });
});

describe("AWS errors end to end", () => {
  const documented: [string, string][] = [
    [
      "AccountNotManagementOrDelegatedAdministrator",
      "this account is not the management account or the IAM delegated administrator; use credentials of one of them (--profile)",
    ],
    ["OrganizationNotInAllFeaturesMode", "the organization is not in all-features mode; enable all features in AWS Organizations first"],
  ];

  it.each(documented)("prints one line for %s and exits 3", async (code, message) => {
    const fake = await startFake(liveOrganization(), { failures: [{ operation: "iam:ListOrganizationsFeatures", code }] });
    try {
      const run = await runCli(["discover"], fake.env());
      expect(run.code).toBe(3);
      expect(run.stdout).toBe("");
      expect(run.stderr).toBe(`root-access: iam:ListOrganizationsFeatures: ${message}\n`);
    } finally {
      await fake.stop();
    }
  });

  it("treats IAM trusted access off as no features (a finding), not a failure", async () => {
    const org = liveOrganization();
    org.servicePrincipals.delete("iam.amazonaws.com");
    const fake = await startFake(org);
    try {
      const run = await runCli(["discover", "--format", "json"], fake.env());
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ iamTrustedAccess: false, enabledFeatures: [] });
    } finally {
      await fake.stop();
    }
  });

  it("keeps the SDK's name and message for an undocumented error", async () => {
    const fake = await startFake(liveOrganization(), {
      failures: [
        { operation: "organizations:DescribeOrganization", code: "AccessDeniedException", message: "You don't have permissions to access this resource." },
      ],
    });
    try {
      const run = await runCli(["discover"], fake.env());
      expect(run.code).toBe(3);
      expect(run.stderr).toBe("root-access: organizations:DescribeOrganization: AccessDeniedException: You don't have permissions to access this resource.\n");
    } finally {
      await fake.stop();
    }
  });

  itWaits("retries throttled calls and succeeds", async () => {
    const fake = await startFake(liveOrganization(), {
      failures: [
        { operation: "iam:ListOrganizationsFeatures", code: "Throttling", message: "Rate exceeded", times: 2 },
        { operation: "organizations:ListRoots", code: "TooManyRequestsException", times: 2 },
      ],
    });
    try {
      const run = await runCli(["discover", "--format", "json"], fake.env());
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout).enabledFeatures).toEqual(["RootCredentialsManagement", "RootSessions"]);
      expect(fake.callCount("iam:ListOrganizationsFeatures")).toBe(3);
      expect(fake.callCount("organizations:ListRoots")).toBe(3);
    } finally {
      await fake.stop();
    }
  });

  it("shows the cause's stack with --debug, and only the line without it", async () => {
    const fake = await startFake(liveOrganization(), {
      failures: [{ operation: "organizations:DescribeOrganization", code: "AccessDeniedException", message: "no" }],
    });
    try {
      const plain = await runCli(["discover"], fake.env());
      expect(plain.stderr.trim().split("\n")).toHaveLength(1);
      const debug = await runCli(["--debug", "discover"], fake.env());
      expect(debug.code).toBe(3);
      expect(debug.stderr).toMatch(/^root-access: organizations:DescribeOrganization: AccessDeniedException: no\nAccessDeniedException: no\n\s+at /);
    } finally {
      await fake.stop();
    }
  });

  it("says what to do when there are no credentials", async () => {
    const run = await runCliProcess(["discover", "--region", "us-east-1"], { AWS_EC2_METADATA_DISABLED: "true", AWS_ENDPOINT_URL: "http://127.0.0.1:9" });
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(
      "root-access: sts:GetCallerIdentity: no AWS credentials found: configure a profile (--profile), environment credentials or SSO (aws sso login)\n",
    );
  });

  it("refuses usage errors with one line and exit 2", async () => {
    const run = await runCli(["discover", "--format", "yaml"], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("error: option '--format <format>' argument 'yaml' is invalid. Allowed choices are table, json.\n");
  });
});
