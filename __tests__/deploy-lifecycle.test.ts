// Real organizations over their whole life, with the real terraform and AWS provider against the
// local fake: adopt what was turned on by hand, switch modes and back, stop managing, destroy with
// and without the opt-in, and refuse a plan that cannot work. Each story checks the calls the fake
// received and its final state.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FakeAws, FakeOrganization, withFake } from "../tools/fake-aws";
import { runCli } from "./support/cli";
import { existingOrganization, handEnabledOrganization, resynth, SECURITY, stackFor, tf } from "./support/deploy";
import { describeWithTerraform, flat, runTerraform } from "./support/terraform";

/** Calls that turn something on or off (none may happen when adopting or forgetting). */
const CHANGES = [
  "organizations:EnableAWSServiceAccess",
  "organizations:DisableAWSServiceAccess",
  "organizations:RegisterDelegatedAdministrator",
  "organizations:DeregisterDelegatedAdministrator",
  "organizations:DeleteOrganization",
  "organizations:EnablePolicyType",
  "organizations:DisablePolicyType",
  "iam:EnableOrganizationsRootCredentialsManagement",
  "iam:EnableOrganizationsRootSessions",
  "iam:DisableOrganizationsRootCredentialsManagement",
  "iam:DisableOrganizationsRootSessions",
];
const changesMade = (fake: FakeAws) => CHANGES.filter((op) => fake.callCount(op) > 0);

/** Everything that was on is still on. */
function expectAllOn(org: FakeOrganization): void {
  expect([...org.servicePrincipals].sort()).toEqual(["config.amazonaws.com", "iam.amazonaws.com", "sso.amazonaws.com"]);
  expect([...org.iamFeatures].sort()).toEqual(["RootCredentialsManagement", "RootSessions"]);
  expect([...org.delegatedAdministrators.get("iam.amazonaws.com")!]).toEqual([SECURITY]);
  expect([...org.enabledPolicyTypes]).toEqual(["SERVICE_CONTROL_POLICY"]);
}

/** discover --write into a new config; returns its (only) entry. */
async function discovered(fake: FakeAws, mode: string): Promise<Record<string, unknown>> {
  const file = join(mkdtempSync(join(tmpdir(), "ra-adopt-")), "organizations.json");
  const run = await runCli(["discover", "--write", file, "--name", "main", "--mode", mode], fake.env());
  expect(run.code).toBe(0);
  return JSON.parse(readFileSync(file, "utf8")).organizations[0];
}

async function planIsEmpty(dir: string): Promise<void> {
  const plan = await tf(dir, "plan", "-detailed-exitcode");
  expect(plan.stdout).toContain("No changes.");
  expect(plan.code).toBe(0);
}

describeWithTerraform("the life of a real organization (deploys against the local AWS fake)", () => {
  // The organization-mode story runs 9 terraform commands: under a loaded 2-core machine over 300 s.
  jest.setTimeout(600_000);

  // Three independent stories, each with its own fake and state, side by side (terraform spends
  // most of its time starting the provider).
  it.concurrent(
    "organization mode: adopts a hand-enabled organization, switches to external and back without a gap, stops managing, adopts again; a destroy is refused, and with destroyDisables forgets the organization and turns off the rest",
    async () => {
      const org = handEnabledOrganization();
      await withFake(org, async (fake) => {
        const entry = await discovered(fake, "organization");
        expect(entry.adopt).toEqual({ organizationId: "o-abc123defg", features: true, delegatedAdministrator: true });
        const dir = await stackFor(fake, entry);
        const adopt = await tf(dir, "apply", "-auto-approve");
        expect(adopt.stderr).toBe("");
        expect(adopt.stdout).toContain("Apply complete! Resources: 3 imported, 0 added, 0 changed, 0 destroyed.");

        // organization -> external: the organization is forgotten, never deleted; nothing is disabled.
        resynth(fake, dir, { ...entry, trustedAccess: { mode: "external" } });
        const toExternal = await tf(dir, "apply", "-auto-approve");
        expect(toExternal.stdout).toMatch(/aws_organizations_organization\.\S+ will no longer be managed by Terraform, but will not be destroyed/);
        expect(toExternal.stdout).toContain("Apply complete! Resources: 0 added, 0 changed, 0 destroyed.");

        // Stop managing: Terraform forgets everything; AWS stays as it was.
        resynth(fake, dir, { ...entry, trustedAccess: { mode: "external" }, stopManaging: true });
        const forget = await tf(dir, "apply", "-auto-approve");
        expect(forget.stdout).toContain("will no longer be managed by Terraform, but will not be destroyed");
        expect(forget.code).toBe(0);
        expect((await runTerraform(dir, ["state", "list"])).stdout.trim()).toBe("");
        expect(changesMade(fake)).toEqual([]);
        expectAllOn(org);

        // ... and back to organization mode: all three imported again, and the plan after it is empty.
        resynth(fake, dir, entry);
        const back = await tf(dir, "apply", "-auto-approve");
        expect(back.stdout).toContain("Apply complete! Resources: 3 imported, 0 added, 0 changed, 0 destroyed.");
        await planIsEmpty(dir);

        // A plain destroy is refused, naming the two ways out.
        const refused = await tf(dir, "destroy", "-auto-approve");
        expect(refused.code).toBe(1);
        expect(flat(refused)).toContain("has lifecycle.prevent_destroy set, but the plan calls for this resource to be destroyed");
        expect(flat(refused)).toContain("destroyDisables");
        expect(flat(refused)).toContain("stopManaging");
        expect(changesMade(fake)).toEqual([]);
        expectAllOn(org);

        // destroyDisables: a deploy forgets the organization (terraform destroy ignores removed blocks,
        // so it must come first), then the destroy finishes: the rest turned off, the organization kept.
        resynth(fake, dir, { ...entry, destroyDisables: true });
        const forgetOrganization = await tf(dir, "apply", "-auto-approve");
        expect(forgetOrganization.stdout).toMatch(/aws_organizations_organization\.\S+ will no longer be managed by Terraform, but will not be destroyed/);
        const destroyed = await tf(dir, "destroy", "-auto-approve");
        expect({ code: destroyed.code, out: flat(destroyed) }).toEqual({ code: 0, out: expect.stringContaining("Destroy complete!") });
        expect((await runTerraform(dir, ["state", "list"])).stdout.trim()).toBe("");
        expect([...org.iamFeatures]).toEqual([]);
        expect(org.delegatedAdministrators.get("iam.amazonaws.com")?.size ?? 0).toBe(0);
        expect(changesMade(fake).sort()).toEqual([
          "iam:DisableOrganizationsRootCredentialsManagement",
          "iam:DisableOrganizationsRootSessions",
          "organizations:DeregisterDelegatedAdministrator",
        ]);
        expect([...org.servicePrincipals].sort()).toEqual(["config.amazonaws.com", "iam.amazonaws.com", "sso.amazonaws.com"]);
      });
    },
  );

  it.concurrent("external mode: adopts, refuses a destroy without the opt-in (AWS unchanged), and with destroyDisables turns off what it manages", async () => {
    const org = handEnabledOrganization();
    await withFake(org, async (fake) => {
      const entry = await discovered(fake, "external");
      expect(entry.adopt).toEqual({ organizationId: "o-abc123defg", features: true, delegatedAdministrator: true });
      const dir = await stackFor(fake, entry);
      const adopt = await tf(dir, "apply", "-auto-approve");
      // (That an adopted stack then plans empty is shown by the organization-mode story.)
      expect(adopt.stdout).toContain("Apply complete! Resources: 2 imported, 0 added, 0 changed, 0 destroyed.");

      const refused = await tf(dir, "destroy", "-auto-approve");
      expect(refused.code).toBe(1);
      expect(flat(refused)).toContain("has lifecycle.prevent_destroy set, but the plan calls for this resource to be destroyed");
      expect(changesMade(fake)).toEqual([]);
      expectAllOn(org);

      // The explicit opt-in (prevent_destroy lives in the configuration): the destroy turns off what the stack manages.
      resynth(fake, dir, { ...entry, destroyDisables: true });
      expect((await tf(dir, "destroy", "-auto-approve")).code).toBe(0);
      expect([...org.iamFeatures]).toEqual([]);
      expect(org.delegatedAdministrators.get("iam.amazonaws.com")?.size).toBe(0);
      // External mode never owned trusted access: it stays.
      expect(org.servicePrincipals.has("iam.amazonaws.com")).toBe(true);
    });
  });

  it.concurrent("external mode with IAM trusted access off fails at plan with our message, before any change", async () => {
    const org = existingOrganization();
    await withFake(org, async (fake) => {
      const dir = await stackFor(fake, { name: "main", region: "us-east-1", trustedAccess: { mode: "external" } });
      const plan = await tf(dir, "plan");
      expect(plan.code).toBe(1);
      expect(flat(plan)).toContain('IAM trusted access (iam.amazonaws.com) is not enabled in the organization o-abc123defg; trustedAccess.mode is "external"');
      expect(changesMade(fake)).toEqual([]);
    });
  });
});
