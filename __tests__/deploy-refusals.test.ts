// Deploys that must fail or be refused: external mode without IAM trusted access, and destroys.
import { existingOrganization, stackFor, tf } from "./support/deploy";
import { withFake } from "../tools/fake-aws";
import { describeWithTerraform, flat } from "./support/terraform";

describeWithTerraform("deploy refusals against the local AWS fake", () => {
  jest.setTimeout(300_000);

  it("external mode with IAM trusted access off fails at plan with our message", async () => {
    const org = existingOrganization();
    await withFake(org, async (fake) => {
      const dir = await stackFor(fake, { name: "main", region: "us-east-1", trustedAccess: { mode: "external" } });
      const plan = await tf(dir, "plan");
      expect(plan.code).toBe(1);
      expect(flat(plan)).toContain('IAM trusted access (iam.amazonaws.com) is not enabled in the organization o-abc123defg; trustedAccess.mode is "external"');
      expect(fake.callCount("iam:EnableOrganizationsRootSessions")).toBe(0);
    });
  });

  it("destroy: refused for the owned organization; a features-only stack's destroy turns the features off", async () => {
    const org = existingOrganization();
    await withFake(org, async (fake) => {
      const owned = await stackFor(fake, {
        name: "main",
        region: "us-east-1",
        trustedAccess: { mode: "organization", organizationId: "o-abc123defg", servicePrincipals: ["config.amazonaws.com", "sso.amazonaws.com"] },
      });
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
    });
  });
});
