// Every synthesized stack checked against the real AWS provider schema (offline).
import { org, synthOrganization } from "./support/synth";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { shareProvider } from "./support/shared-provider";
import { describeWithTerraform, initStack, runTerraform, terraform, UNCONFIGURED, ValidateDiagnostic, validateStacks } from "./support/terraform";

const MGMT = "111111111111";

describeWithTerraform("terraform validate on every stack the mirrored provider can check", () => {
  const stacks: Record<string, Record<string, unknown>> = {
    "the lab (organization mode, IAM only)": org({ name: "lab", trustedAccess: { mode: "organization" } }),
    "organization mode with import, principals, policy types, management account and delegated admin": org({
      managementAccountId: MGMT,
      delegatedAdministrator: { accountId: "222222222222" },
      trustedAccess: {
        mode: "organization",
        organizationId: "o-abc123defg",
        servicePrincipals: ["sso.amazonaws.com", "config.amazonaws.com"],
        enabledPolicyTypes: ["SERVICE_CONTROL_POLICY", "TAG_POLICY"],
      },
    }),
    "external mode": org({ trustedAccess: { mode: "external" } }),
    "external mode with management account and delegated admin": org({
      trustedAccess: { mode: "external" },
      managementAccountId: MGMT,
      delegatedAdministrator: { accountId: "222222222222" },
    }),
    "one feature only": org({ trustedAccess: { mode: "external" }, features: ["RootSessions"] }),
    "organization mode with every guardrail (roles in both accounts, SCP, alerts by email)": org({
      managementAccountId: MGMT,
      delegatedAdministrator: { accountId: "222222222222" },
      trustedAccess: { mode: "organization", enabledPolicyTypes: ["SERVICE_CONTROL_POLICY"] },
      guardrails: {
        operatorRoles: [
          {
            name: "Auditor",
            taskPolicies: ["IAMAuditRootUserCredentials"],
            trustedPrincipalArns: [`arn:aws:iam::${MGMT}:role/Security`],
            targetAccountIds: ["*"],
            requireMfa: true,
          },
          {
            name: "BreakGlass",
            taskPolicies: ["IAMDeleteRootUserCredentials"],
            trustedPrincipalArns: ["arn:aws:iam::222222222222:role/Ops"],
            targetAccountIds: ["333333333333"],
            in: "delegated-administrator",
          },
        ],
        delegatedAdministratorRoleArn: "arn:aws:iam::222222222222:role/terraform",
        denyRootScp: { targetIds: ["r-ab12", "ou-ab12-11111111"] },
        assumeRootAlerts: { emails: ["security@example.com"] },
      },
    }),
    "external mode with alerts to an existing topic": org({
      trustedAccess: { mode: "external" },
      guardrails: { assumeRootAlerts: { snsTopicArn: `arn:aws:sns:us-east-1:${MGMT}:alerts` }, denyRootScp: { targetIds: ["333333333333"] } },
    }),
    "S3 backend with profile and assumed role": org({
      trustedAccess: { mode: "organization" },
      provider: { profile: "mgmt", assumeRoleArn: `arn:aws:iam::${MGMT}:role/terraform` },
      backend: { type: "s3", bucket: "tf-state", key: "root/main.tfstate", useLockfile: true },
    }),
  };
  // Validation starts the 700 MB provider: the stacks are validated together, as modules of one root.
  let results: Record<string, ValidateDiagnostic[]>;
  // One stack the provider must refuse, validated with the others: proof that a module's error comes back to it.
  const broken = synthOrganization(org({ name: "broken", trustedAccess: { mode: "external" } })).json;
  Object.values(broken.resource!.aws_iam_organizations_features)[0].enabled_featurez = ["RootSessions"];
  beforeAll(async () => {
    results = await validateStacks({
      ...Object.fromEntries(Object.entries(stacks).map(([name, entry]) => [name, synthOrganization(entry).json])),
      broken,
    });
  });

  it("reports an invalid stack's error against that stack only", () => {
    expect(results.broken.map((d) => `${d.severity}: ${d.summary}`)).toEqual(["error: Extraneous JSON object property"]);
  });

  it.each(Object.keys(stacks))("accepts %s", (name) => {
    expect(results[name]).toEqual([]);
  });

  it("cannot check service-access stacks: the mirror's provider is older than the 6.41 they require, and init says so", async () => {
    const { init } = await initStack(synthOrganization(org()).json);
    expect(init.code).toBe(1);
    expect(init.stderr).toContain("no available releases match the given constraints >= 6.41.0, < 7.0.0");
  });
});

describeWithTerraform("examples/terraform-offline.tfrc", () => {
  (terraform.available && terraform.mirror === "/opt/tf-plugins" ? it : it.skip)(
    "installs hashicorp/aws from the mirror it names, downloading nothing",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "ra-offline-"));
      writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(synthOrganization(org({ trustedAccess: { mode: "external" } })).json));
      const init = await runTerraform(dir, ["init", "-backend=false", "-input=false", "-no-color"], {
        TF_CLI_CONFIG_FILE: join(__dirname, "..", "examples", "terraform-offline.tfrc"),
      });
      expect(init.stdout).toContain("Installing hashicorp/aws v5.100.0");
      expect(init.code).toBe(0);
    },
  );
});

describeWithTerraform("HCL output (cdktf synth --hcl)", () => {
  it("is valid Terraform, import and removed blocks included", async () => {
    const outdir = mkdtempSync(join(tmpdir(), "ra-hcl-out-"));
    const config = join(outdir, "organizations.json");
    writeFileSync(
      config,
      JSON.stringify({
        organizations: [
          { name: "main", region: "us-east-1", trustedAccess: { mode: "organization", organizationId: "o-abc123defg" }, adopt: { features: true } },
        ],
      }),
    );
    const synth = spawnSync(process.execPath, ["--import", "tsx", "main.ts"], {
      cwd: join(__dirname, ".."),
      env: { PATH: process.env.PATH, HOME: process.env.HOME, CDKTF_OUTDIR: join(outdir, "out"), ROOT_ACCESS_CONFIG: config, SYNTH_HCL_OUTPUT: "true" },
      encoding: "utf8",
    });
    expect(synth.status).toBe(0);
    const dir = join(outdir, "out", "stacks", "main");
    const init = await runTerraform(dir, ["init", "-backend=false", "-input=false", "-no-color"]);
    expect(init.code).toBe(0);
    shareProvider(dir, UNCONFIGURED);
    const validate = await runTerraform(dir, ["validate", "-json", "-no-color"]);
    const result = JSON.parse(validate.stdout);
    expect(result.diagnostics.filter((d: { severity: string }) => d.severity === "error")).toEqual([]);
    expect(result.valid).toBe(true);
  });
});
