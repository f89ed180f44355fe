// Real deploys, offline: the real terraform and AWS provider against the local AWS fake, through
// the sandbox endpoint setting (ROOT_ACCESS_ENDPOINT_URL).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readConfigFile } from "../lib/config/load-config";
import { runCli, ROOT } from "./support/cli";
import { FakeAws, FakeOrganization, startFake } from "./support/fake-aws";
import { synthOrganization } from "./support/synth";
import { cliConfigPath, describeWithTerraform, flat, initStack, runTerraform } from "./support/terraform";
import { spawn } from "node:child_process";

const MGMT = "111111111111";
const SECURITY = "222222222222";
const WORKLOAD = "333333333333";

/** An existing organization: SSO and Config have trusted access, SCPs are enabled, root access is off. */
function existingOrganization(): FakeOrganization {
  const org = new FakeOrganization();
  org.id = "o-abc123defg";
  org.servicePrincipals.add("sso.amazonaws.com");
  org.servicePrincipals.add("config.amazonaws.com");
  org.enabledPolicyTypes.add("SERVICE_CONTROL_POLICY");
  org.addAccount({ id: SECURITY, name: "security" });
  org.addAccount({ id: WORKLOAD, name: "workload", rootCredentials: { loginProfile: true } });
  return org;
}

const guardrails = {
  operatorRoles: [
    { name: "RootAccessAuditor", taskPolicies: ["IAMAuditRootUserCredentials"], trustedPrincipalArns: [`arn:aws:iam::${SECURITY}:role/SecurityAudit`], targetAccountIds: ["*"], requireMfa: true, in: "delegated-administrator" },
    { name: "RootBreakGlass", taskPolicies: ["IAMDeleteRootUserCredentials", "IAMCreateRootUserPassword"], trustedPrincipalArns: [`arn:aws:iam::${MGMT}:role/IncidentResponders`], targetAccountIds: [WORKLOAD] },
  ],
  delegatedAdministratorRoleArn: `arn:aws:iam::${SECURITY}:role/OrganizationTerraform`,
  denyRootScp: { targetIds: ["r-ex12"] },
  assumeRootAlerts: { emails: ["security@example.com"] },
};

/** Synthesizes an entry in sandbox mode for the fake and initializes its own working folder. */
async function stackFor(fake: FakeAws, entry: Record<string, unknown>): Promise<string> {
  const json = synthOrganization(entry, { sandboxEndpoint: fake.url }).json;
  delete json.terraform.backend;
  const { dir, init } = await initStack(json);
  if (init.code !== 0) throw new Error(`terraform init failed:\n${init.stdout}${init.stderr}`);
  return dir;
}

/** terraform SUBCOMMAND with -no-color -input=false before its other arguments (a plan file comes last). */
const tf = (dir: string, command: string, ...args: string[]) => runTerraform(dir, [command, "-no-color", "-input=false", ...args]);

function cdktf(args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
  const child = spawn(process.execPath, [join(ROOT, "node_modules", "cdktf-cli", "bundle", "bin", "cdktf"), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, CHECKPOINT_DISABLE: "1", CI: "true", FORCE_COLOR: "0", ...env },
  });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code: code ?? -1, out })));
}

describeWithTerraform("deploy against the local AWS fake", () => {
  // Each scenario runs several terraform commands (the provider takes seconds to start) on 2 cores
  // shared with the other terraform test files.
  jest.setTimeout(300_000);

  it("discover --write, then cdktf deploy of organization mode with import, delegated admin and guardrails: nothing else touched, second plan empty, check exits 0", async () => {
    const org = existingOrganization();
    const fake = await startFake(org);
    try {
      const work = mkdtempSync(join(tmpdir(), "ra-deploy-"));
      const file = join(work, "organizations.json");
      const discover = await runCli(["discover", "--write", file, "--name", "main", "--mode", "organization"], fake.env());
      expect(discover.code).toBe(0);
      // The platform team adds what it wants on top of what discover found.
      const config = JSON.parse(readFileSync(file, "utf8"));
      Object.assign(config.organizations[0], { backend: { type: "local", path: join(work, "main.tfstate") }, delegatedAdministrator: { accountId: SECURITY }, guardrails });
      writeFileSync(file, JSON.stringify(config, null, 2));
      expect(readConfigFile(file).organizations[0].trustedAccess).toEqual({
        mode: "organization",
        organizationId: "o-abc123defg",
        servicePrincipals: ["config.amazonaws.com", "sso.amazonaws.com"],
        enabledPolicyTypes: ["SERVICE_CONTROL_POLICY"],
      });

      const env = { ROOT_ACCESS_CONFIG: file, ROOT_ACCESS_ENDPOINT_URL: fake.url, TF_CLI_CONFIG_FILE: cliConfigPath() };
      const deploy = await cdktf(["deploy", "main", "--auto-approve", "--skip-provider-lock", "--output", join(work, "out")], env);
      expect(deploy.out).toContain("ROOT_ACCESS_ENDPOINT_URL is set");
      expect(deploy.code).toBe(0);

      expect([...org.servicePrincipals].sort()).toEqual(["config.amazonaws.com", "iam.amazonaws.com", "sso.amazonaws.com"]);
      expect([...org.iamFeatures].sort()).toEqual(["RootCredentialsManagement", "RootSessions"]);
      expect([...org.enabledPolicyTypes]).toEqual(["SERVICE_CONTROL_POLICY"]);
      expect([...org.delegatedAdministrators.get("iam.amazonaws.com")!]).toEqual([SECURITY]);
      expect([...org.rolesOf(SECURITY).keys()]).toEqual(["RootAccessAuditor"]);
      expect([...org.rolesOf(MGMT).keys()]).toEqual(["RootBreakGlass"]);
      const [scp] = [...org.policies.values()];
      expect(scp).toMatchObject({ name: "DenyRootUserOutsideAssumeRoot", type: "SERVICE_CONTROL_POLICY" });
      expect([...scp.targets]).toEqual(["r-ex12"]);
      expect([...org.eventRules.values()][0].targets.size).toBe(1);

      const stackDir = join(work, "out", "stacks", "main");
      const plan = await runTerraform(stackDir, ["plan", "-detailed-exitcode", "-no-color", "-input=false"]);
      expect(plan.stdout).toContain("No changes.");
      expect(plan.code).toBe(0);

      const check = await runCli(["check", "--config", file, "--format", "json"], fake.env());
      expect(JSON.parse(check.stdout).summary).toEqual({ errors: 0, warnings: 0, needsAttention: false });
      expect(check.code).toBe(0);

      // The audit sees what terraform turned on.
      const audit = await runCli(["audit", "--format", "json"], fake.env());
      expect(JSON.parse(audit.stdout).summary).toEqual({ total: 3, audited: 2, withRootCredentials: 1, skipped: 1, errors: 0 });
    } finally {
      await fake.stop();
    }
  });

  it("the hazard the checks exist for: a config without SSO is flagged by check and review, and applying it anyway removes SSO's trusted access", async () => {
    const org = existingOrganization();
    const fake = await startFake(org);
    try {
      const entry = { name: "main", region: "us-east-1", trustedAccess: { mode: "organization", organizationId: "o-abc123defg", servicePrincipals: ["config.amazonaws.com"] } };
      const file = join(mkdtempSync(join(tmpdir(), "ra-hazard-")), "organizations.json");
      writeFileSync(file, JSON.stringify({ organizations: [entry] }));
      const check = await runCli(["check", "--config", file, "--format", "json"], fake.env());
      expect(check.code).toBe(1);
      expect(JSON.parse(check.stdout).findings.filter((f: any) => f.code === "principal-would-be-disabled").map((f: any) => f.message)).toEqual([
        "sso.amazonaws.com has trusted access but is not in trustedAccess.servicePrincipals: deploying would disable its trusted access (run root-access discover --write)",
      ]);

      const dir = await stackFor(fake, entry);
      expect((await tf(dir, "plan", "-out", "p.out")).code).toBe(0);
      const show = await runTerraform(dir, ["show", "-json", "p.out"]);
      writeFileSync(join(dir, "plan.json"), show.stdout);
      const review = await runCli(["review", "--plan", join(dir, "plan.json"), "--fail-on", "critical"]);
      expect(review.code).toBe(1);
      expect(review.stdout).toContain("🛑 **1 critical change**: sso.amazonaws.com would lose trusted access");

      const apply = await tf(dir, "apply", "-auto-approve", "p.out");
      expect(apply.code).toBe(0);
      expect([...org.servicePrincipals].sort()).toEqual(["config.amazonaws.com", "iam.amazonaws.com"]);
    } finally {
      await fake.stop();
    }
  });

  it("external mode with IAM trusted access off fails at plan with our message", async () => {
    const org = existingOrganization();
    const fake = await startFake(org);
    try {
      const dir = await stackFor(fake, { name: "main", region: "us-east-1", trustedAccess: { mode: "external" } });
      const plan = await tf(dir, "plan");
      expect(plan.code).toBe(1);
      expect(flat(plan)).toContain('IAM trusted access (iam.amazonaws.com) is not enabled in the organization o-abc123defg; trustedAccess.mode is "external"');
      expect(fake.callCount("iam:EnableOrganizationsRootSessions")).toBe(0);
    } finally {
      await fake.stop();
    }
  });

  it("destroy: refused for the owned organization; a features-only stack's destroy turns the features off", async () => {
    const org = existingOrganization();
    const fake = await startFake(org);
    try {
      const owned = await stackFor(fake, { name: "main", region: "us-east-1", trustedAccess: { mode: "organization", organizationId: "o-abc123defg", servicePrincipals: ["config.amazonaws.com", "sso.amazonaws.com"] } });
      expect((await tf(owned, "apply", "-auto-approve")).code).toBe(0);
      const destroy = await tf(owned, "destroy", "-auto-approve");
      expect(destroy.code).toBe(1);
      expect(flat(destroy)).toContain("has lifecycle.prevent_destroy set, but the plan calls for this resource to be destroyed");
      expect(org.iamFeatures.size).toBe(2);

      const external = await stackFor(fake, { name: "features", region: "us-east-1", trustedAccess: { mode: "external" } });
      expect((await tf(external, "apply", "-auto-approve")).code).toBe(0);
      expect((await tf(external, "destroy", "-auto-approve")).code).toBe(0);
      expect([...org.iamFeatures]).toEqual([]);
      expect(org.servicePrincipals.has("iam.amazonaws.com")).toBe(true);
    } finally {
      await fake.stop();
    }
  });
});
