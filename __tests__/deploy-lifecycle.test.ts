// Real organizations over their whole life, with the real terraform and AWS provider against the
// local fake: adopt what was turned on by hand, destroy with and without the opt-in, stop
// managing, switch modes. Each scenario checks the calls the fake received and its final state.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FakeAws, FakeOrganization, withFake } from "../tools/fake-aws";
import { runCli } from "./support/cli";
import { handEnabledOrganization, resynth, SECURITY, stackFor, tf } from "./support/deploy";
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
  jest.setTimeout(300_000);

  it.each(["organization", "external"])("adopts a hand-enabled organization in %s mode: imports, turns nothing on twice, then plans empty", async (mode) => {
    const org = handEnabledOrganization();
    await withFake(org, async (fake) => {
      const entry = await discovered(fake, mode);
      expect(entry.adopt).toEqual({ organizationId: "o-abc123defg", features: true, delegatedAdministrator: true });
      const dir = await stackFor(fake, entry);
      const apply = await tf(dir, "apply", "-auto-approve");
      expect(apply.stderr).toBe("");
      expect(apply.stdout).toMatch(/Apply complete! Resources: (2|3) imported, 0 added, 0 changed, 0 destroyed\./);
      expect(changesMade(fake)).toEqual([]);
      expectAllOn(org);
      await planIsEmpty(dir);
    });
  });

  it("refuses a destroy without the opt-in (AWS unchanged), and with destroyDisables turns off what it manages", async () => {
    const org = handEnabledOrganization();
    await withFake(org, async (fake) => {
      const entry = await discovered(fake, "external");
      const dir = await stackFor(fake, entry);
      expect((await tf(dir, "apply", "-auto-approve")).code).toBe(0);
      const refused = await tf(dir, "destroy", "-auto-approve");
      expect(refused.code).toBe(1);
      expect(flat(refused)).toContain("has lifecycle.prevent_destroy set, but the plan calls for this resource to be destroyed");
      expect(changesMade(fake)).toEqual([]);
      expectAllOn(org);

      // The explicit opt-in: applied first (it lifts prevent_destroy), then the destroy turns off what the stack manages.
      resynth(fake, dir, { ...entry, destroyDisables: true });
      expect((await tf(dir, "apply", "-auto-approve")).code).toBe(0);
      const destroy = await tf(dir, "destroy", "-auto-approve");
      expect(destroy.code).toBe(0);
      expect([...org.iamFeatures]).toEqual([]);
      expect(org.delegatedAdministrators.get("iam.amazonaws.com")?.size).toBe(0);
      // External mode never owned trusted access: it stays.
      expect(org.servicePrincipals.has("iam.amazonaws.com")).toBe(true);
    });
  });

  it("stops managing with removed blocks: Terraform forgets everything, AWS stays as it was", async () => {
    const org = handEnabledOrganization();
    await withFake(org, async (fake) => {
      const entry = await discovered(fake, "organization");
      const dir = await stackFor(fake, entry);
      expect((await tf(dir, "apply", "-auto-approve")).code).toBe(0);
      resynth(fake, dir, { ...entry, stopManaging: true });
      const forget = await tf(dir, "apply", "-auto-approve");
      expect(forget.stdout).toContain("will no longer be managed by Terraform, but will not be destroyed");
      expect(forget.code).toBe(0);
      expect((await runTerraform(dir, ["state", "list"])).stdout.trim()).toBe("");
      expect(changesMade(fake)).toEqual([]);
      expectAllOn(org);
      await planIsEmpty(dir);
    });
  });

  it("switches organization -> external -> organization without a gap: nothing disabled, the organization never deleted", async () => {
    const org = handEnabledOrganization();
    await withFake(org, async (fake) => {
      const entry = await discovered(fake, "organization");
      const dir = await stackFor(fake, entry);
      expect((await tf(dir, "apply", "-auto-approve")).code).toBe(0);

      const external = { ...entry, trustedAccess: { mode: "external" } };
      resynth(fake, dir, external);
      const toExternal = await tf(dir, "apply", "-auto-approve");
      expect(toExternal.stdout).toMatch(/aws_organizations_organization\.\S+ will no longer be managed by Terraform/);
      expect(toExternal.stdout).toContain("0 destroyed");
      expect(toExternal.code).toBe(0);
      await planIsEmpty(dir);

      resynth(fake, dir, entry);
      const back = await tf(dir, "apply", "-auto-approve");
      expect(back.stdout).toContain("1 imported");
      expect(back.code).toBe(0);
      await planIsEmpty(dir);
      expect(changesMade(fake)).toEqual([]);
      expectAllOn(org);
    });
  });
});
