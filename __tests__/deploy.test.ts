// Real deploys, offline: the real terraform and AWS provider against the local AWS fake, through
// the sandbox endpoint setting (ROOT_ACCESS_ENDPOINT_URL).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readConfigFile } from "../lib/config/load-config";
import { runCli } from "./support/cli";
import { existingOrganization, guardrails, MGMT, SECURITY, stackFor, tf } from "./support/deploy";
import { withFake } from "../tools/fake-aws";
import { describeWithTerraform, runTerraform } from "./support/terraform";

describeWithTerraform("deploy against the local AWS fake", () => {
  // Each scenario runs several terraform commands (the provider takes seconds to start) on 2 cores
  // shared with the other terraform test files.
  jest.setTimeout(300_000);

  it("discover --write, then a deploy of organization mode with import, delegated admin and guardrails: nothing else touched, second plan empty, check exits 0", async () => {
    const org = existingOrganization();
    // The alerts need a trail logging management events (check looks for it).
    org.addTrail(MGMT);
    await withFake(org, async (fake) => {
      const work = mkdtempSync(join(tmpdir(), "ra-deploy-"));
      const file = join(work, "organizations.json");
      const discover = await runCli(["discover", "--write", file, "--name", "main", "--mode", "organization"], fake.env());
      expect(discover.code).toBe(0);
      // The platform team adds what it wants on top of what discover found.
      const config = JSON.parse(readFileSync(file, "utf8"));
      Object.assign(config.organizations[0], {
        backend: { type: "local", path: join(work, "main.tfstate") },
        delegatedAdministrator: { accountId: SECURITY },
        guardrails,
      });
      writeFileSync(file, JSON.stringify(config, null, 2));
      expect(readConfigFile(file).organizations[0].trustedAccess).toEqual({
        mode: "organization",
        organizationId: "o-abc123defg",
        servicePrincipals: ["config.amazonaws.com", "sso.amazonaws.com"],
        enabledPolicyTypes: ["SERVICE_CONTROL_POLICY"],
      });

      // The platform team deploys it: the stack as main.ts synthesizes it from the file, then terraform apply (the
      // cdktf CLI's own path, `npx cdktf deploy`, is the README story's: readme-story.test.ts).
      const dir = await stackFor(fake, JSON.parse(readFileSync(file, "utf8")).organizations[0]);
      const apply = await tf(dir, "apply", "-auto-approve");
      expect(apply.stderr).toBe("");
      expect(apply.code).toBe(0);

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

      // The second plan against the fake: nothing to change.
      const plan = await tf(dir, "plan", "-detailed-exitcode");
      expect(plan.stdout).toContain("No changes.");
      expect(plan.code).toBe(0);

      const check = await runCli(["check", "--config", file, "--format", "json"], fake.env());
      expect(JSON.parse(check.stdout).summary).toEqual({ errors: 0, warnings: 0, needsAttention: false });
      expect(check.code).toBe(0);

      // The audit sees what terraform turned on.
      const audit = await runCli(["audit", "--format", "json"], fake.env());
      expect(JSON.parse(audit.stdout).summary).toEqual({ total: 3, audited: 2, withRootCredentials: 1, skipped: 1, errors: 0 });
    });
  });

  it("the hazard the checks exist for: a config without SSO is flagged by check and review, and applying it anyway removes SSO's trusted access", async () => {
    const org = existingOrganization();
    await withFake(org, async (fake) => {
      const entry = {
        name: "main",
        region: "us-east-1",
        trustedAccess: { mode: "organization", organizationId: "o-abc123defg", servicePrincipals: ["config.amazonaws.com"] },
      };
      const file = join(mkdtempSync(join(tmpdir(), "ra-hazard-")), "organizations.json");
      writeFileSync(file, JSON.stringify({ organizations: [entry] }));
      const check = await runCli(["check", "--config", file, "--format", "json"], fake.env());
      expect(check.code).toBe(1);
      expect(
        JSON.parse(check.stdout)
          .findings.filter((f: any) => f.code === "principal-would-be-disabled")
          .map((f: any) => f.message),
      ).toEqual([
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

      // Someone enables GuardDuty's trusted access outside Terraform: the next plan shows it as drift,
      // and review names what the apply would undo.
      org.servicePrincipals.add("guardduty.amazonaws.com");
      expect((await tf(dir, "plan", "-out", "drift.out")).code).toBe(0);
      writeFileSync(join(dir, "drift.json"), (await runTerraform(dir, ["show", "-json", "drift.out"])).stdout);
      const drift = await runCli(["review", "--plan", join(dir, "drift.json"), "--format", "json"]);
      const report = JSON.parse(drift.stdout);
      expect(report.plans[0].drift).toEqual([expect.stringMatching(/^aws_organizations_organization\.[\w-]+: changed outside Terraform \(update\)$/)]);
      expect(report.findings.map((f: any) => `${f.level} ${f.message}`)).toEqual(["critical guardduty.amazonaws.com would lose trusted access"]);
    });
  });
});
