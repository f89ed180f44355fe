// A deploy that must fail: external mode without IAM trusted access (destroys: deploy-lifecycle.test.ts).
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
});
