// Shared by the deploy tests: an existing organization, sandbox stacks and terraform runs.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { stackJsonText } from "../../lib/stacks/json-output";
import { FakeAws, FakeOrganization } from "../../tools/fake-aws";
import { synthOrganization } from "./synth";
import { shareProvider } from "./shared-provider";
import { initStack, runTerraform } from "./terraform";

export const MGMT = "111111111111";
export const SECURITY = "222222222222";
export const WORKLOAD = "333333333333";

/** An existing organization: SSO and Config have trusted access, SCPs are enabled, root access is off. */
export function existingOrganization(): FakeOrganization {
  const org = new FakeOrganization();
  org.id = "o-abc123defg";
  org.servicePrincipals.add("sso.amazonaws.com");
  org.servicePrincipals.add("config.amazonaws.com");
  org.enabledPolicyTypes.add("SERVICE_CONTROL_POLICY");
  org.addAccount({ id: SECURITY, name: "security" });
  org.addAccount({ id: WORKLOAD, name: "workload", rootCredentials: { loginProfile: true } });
  return org;
}

export const guardrails = {
  operatorRoles: [
    {
      name: "RootAccessAuditor",
      taskPolicies: ["IAMAuditRootUserCredentials"],
      trustedPrincipalArns: [`arn:aws:iam::${SECURITY}:role/SecurityAudit`],
      targetAccountIds: ["*"],
      requireMfa: true,
      in: "delegated-administrator",
    },
    {
      name: "RootBreakGlass",
      taskPolicies: ["IAMDeleteRootUserCredentials", "IAMCreateRootUserPassword"],
      trustedPrincipalArns: [`arn:aws:iam::${MGMT}:role/IncidentResponders`],
      targetAccountIds: [WORKLOAD],
    },
  ],
  delegatedAdministratorRoleArn: `arn:aws:iam::${SECURITY}:role/OrganizationTerraform`,
  denyRootScp: { targetIds: ["r-ex12"] },
  assumeRootAlerts: { emails: ["security@example.com"] },
};

/**
 * Synthesizes an entry in sandbox mode for the fake and initializes its own working folder. The
 * terraform commands of the story run there share one provider process (see shared-provider.ts).
 */
export async function stackFor(fake: FakeAws, entry: Record<string, unknown>): Promise<string> {
  const json = synthOrganization(entry, { sandboxEndpoint: fake.url }).json;
  delete json.terraform.backend;
  const { dir, init } = await initStack(json);
  if (init.code !== 0) throw new Error(`terraform init failed:\n${init.stdout}${init.stderr}`);
  resynth(fake, dir, entry);
  shareProvider(dir);
  return dir;
}

/** Synthesizes a changed entry into a stack folder made by stackFor (same providers: no new init), keeping its state. */
export function resynth(fake: FakeAws, dir: string, entry: Record<string, unknown>): void {
  // As main.ts writes it: with the "//" comments (Testing.synth drops them), hints on the lines Terraform prints.
  const json = synthOrganization(entry, { sandboxEndpoint: fake.url }).stack.toTerraform() as { terraform: { backend?: unknown } };
  delete json.terraform.backend;
  writeFileSync(join(dir, "cdk.tf.json"), stackJsonText(json));
}

/** An organization on which someone turned root access management on by hand: IAM trusted access, both features, an IAM delegated administrator. */
export function handEnabledOrganization(): FakeOrganization {
  const org = existingOrganization().enableRootAccess();
  org.delegatedAdministrators.set("iam.amazonaws.com", new Set([SECURITY]));
  return org;
}

/** terraform SUBCOMMAND with -no-color -input=false before its other arguments (a plan file comes last). */
export const tf = (dir: string, command: string, ...args: string[]) => runTerraform(dir, [command, "-no-color", "-input=false", ...args]);
