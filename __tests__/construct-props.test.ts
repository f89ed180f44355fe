// The constructs used the way a plain-JavaScript app uses them: the compiled package (dist/), props
// the types would have refused, and tokens for any value a user may compute. Each refusal mirrors
// a row of the config's bad-input tables (config.test.ts, guardrails.test.ts) and has its message.
import { join } from "node:path";
import { Testing, TerraformStack, TerraformVariable } from "cdktf";

const lib = require(join(__dirname, "..", "dist")) as Record<string, any>;

const MGMT = "111111111111";
const ADMIN = "222222222222";

function stack(): TerraformStack {
  return new TerraformStack(Testing.app(), "s");
}

/** The refusal's lines after its header, or [] when the props are accepted. */
function refusal(make: (scope: TerraformStack) => unknown, header: string): string[] {
  try {
    make(stack());
    return [];
  } catch (err) {
    const message = (err as Error).message;
    expect(err).toBeInstanceOf(lib.InvalidPropsError);
    expect(message.split("\n")[0]).toBe(header);
    return message.split("\n").slice(1);
  }
}

describe("RootAccessManagement from plain JavaScript", () => {
  const refused = (props: unknown) => refusal((s) => new lib.RootAccessManagement(s, "ra", props), 'RootAccessManagement at "s/ra": invalid props:');

  // Rows of one length: jest 30 hangs on an each-table whose rows differ in length.
  it.each<[string, Record<string, unknown>, string]>([
    [
      "a misspelt feature",
      { features: ["RootCredentialsManagement", "RootSession"] },
      'features[1]: "RootSession" is not a feature; expected RootCredentialsManagement or RootSessions',
    ],
    ["an empty feature list", { features: [] }, "features: expected at least one feature: RootCredentialsManagement or RootSessions"],
    ["a repeated feature", { features: ["RootSessions", "RootSessions"] }, 'features[1]: "RootSessions" is listed twice (also at [0]); list each feature once'],
    ["a short account ID", { managementAccountId: "12345" }, 'managementAccountId: "12345" is not an AWS account ID; expected 12 digits'],
    ["a numeric account ID", { managementAccountId: 111111111111 }, "managementAccountId: 111111111111 is not an AWS account ID; expected 12 digits"],
    [
      "a bad delegated admin ID",
      { delegatedAdministratorAccountId: "abc" },
      'delegatedAdministratorAccountId: "abc" is not an AWS account ID; expected 12 digits',
    ],
    [
      "the management account as delegated admin",
      { managementAccountId: MGMT, delegatedAdministratorAccountId: MGMT },
      "delegatedAdministratorAccountId: 111111111111 is the management account (managementAccountId); the delegated administrator must be a member account",
    ],
    [
      "a bad organization ID",
      { trustedAccess: { mode: "organization", organizationId: "o-ABC" } },
      'trustedAccess.organizationId: "o-ABC" is not an organization ID; expected o- followed by 10 to 32 lowercase letters or digits',
    ],
    [
      "organizationId outside organization mode",
      { trustedAccess: { mode: "service-access", organizationId: "o-abc123defg" } },
      'trustedAccess: unknown key "organizationId"; allowed keys: mode',
    ],
    [
      "a misspelt mode with principals (they were silently dropped)",
      { trustedAccess: { mode: "organisation", servicePrincipals: ["sso.amazonaws.com"] } },
      'trustedAccess.mode: "organisation" is not a trusted-access mode; expected "service-access", "organization" or "external"',
    ],
    ["a missing mode", { trustedAccess: {} }, 'trustedAccess.mode: required; expected a trusted-access mode: "service-access", "organization" or "external"'],
    [
      "a bad service principal",
      { trustedAccess: { mode: "organization", servicePrincipals: ["sso"] } },
      'trustedAccess.servicePrincipals[0]: "sso" is not a service principal; expected a name such as sso.amazonaws.com',
    ],
    [
      "a bad policy type",
      { trustedAccess: { mode: "organization", enabledPolicyTypes: ["scp"] } },
      'trustedAccess.enabledPolicyTypes[0]: "scp" is not a policy type; expected an Organizations policy type such as SERVICE_CONTROL_POLICY or TAG_POLICY',
    ],
    [
      "an unknown prop",
      { feature: ["RootSessions"] },
      'unknown key "feature"; allowed keys: trustedAccess, features, delegatedAdministratorAccountId, managementAccountId, provider, adopt, destroyDisables',
    ],
    [
      "adopting the features without the organization's ID",
      { adopt: { features: true } },
      "adopt.features: importing the features needs the organization's ID: set adopt.organizationId (discover --write does)",
    ],
    [
      "adopting IAM trusted access outside service-access mode",
      { trustedAccess: { mode: "external" }, adopt: { iamTrustedAccess: true } },
      'adopt.iamTrustedAccess: only "service-access" mode has a trusted-access resource to import (the mode is "external")',
    ],
    [
      "adopting a delegated administrator that is not there",
      { adopt: { delegatedAdministrator: true } },
      "adopt.delegatedAdministrator: there is no delegated administrator to import: set delegatedAdministratorAccountId",
    ],
    [
      "a bad adopted organization ID",
      { adopt: { organizationId: "o-1" } },
      'adopt.organizationId: "o-1" is not an organization ID; expected o- followed by 10 to 32 lowercase letters or digits',
    ],
  ])("refuses %s", (_what, props, message) => {
    expect(refused(props)).toEqual([message]);
  });

  it("reports every problem at once, one line each", () => {
    expect(refused({ features: ["A"], managementAccountId: "1", trustedAccess: { mode: "x" } })).toEqual([
      'trustedAccess.mode: "x" is not a trusted-access mode; expected "service-access", "organization" or "external"',
      'features[0]: "A" is not a feature; expected RootCredentialsManagement or RootSessions',
      'managementAccountId: "1" is not an AWS account ID; expected 12 digits',
    ]);
  });

  it("accepts tokens for values a user computes, and uses them as references", () => {
    const s = stack();
    const admin = new TerraformVariable(s, "sec", { type: "string" });
    const org = new TerraformVariable(s, "org", { type: "string" });
    new lib.RootAccessManagement(s, "ra", {
      trustedAccess: { mode: "external" },
      delegatedAdministratorAccountId: admin.stringValue,
      managementAccountId: new TerraformVariable(s, "mgmt", { type: "string" }).stringValue,
      adopt: { organizationId: org.stringValue, features: true, delegatedAdministrator: true },
    });
    const json = JSON.parse(Testing.synth(s));
    const [delegated] = Object.values(json.resource.aws_organizations_delegated_administrator) as any[];
    expect(delegated.account_id).toBe("${var.sec}");
    expect(json.import).toContainEqual(expect.objectContaining({ id: "${var.org}" }));
  });

  it("still checks the literal values beside a token", () => {
    const s = stack();
    const admin = new TerraformVariable(s, "sec", { type: "string" });
    expect(() => new lib.RootAccessManagement(s, "ra", { delegatedAdministratorAccountId: admin.stringValue, managementAccountId: "12" })).toThrow(
      'managementAccountId: "12" is not an AWS account ID; expected 12 digits',
    );
  });
});

describe("RootAccessGuardrails from plain JavaScript", () => {
  const auditor = {
    name: "RootAccessAuditor",
    taskPolicies: ["IAMAuditRootUserCredentials"],
    trustedPrincipalArns: [`arn:aws:iam::${ADMIN}:role/SecurityAudit`],
    targetAccountIds: ["*"],
  };
  const role = (extra: Record<string, unknown>) => ({ operatorRoles: [{ ...auditor, ...extra }] });
  const refused = (props: Record<string, unknown>) =>
    refusal(
      (s) => new lib.RootAccessGuardrails(s, "g", { region: "us-east-1", managementAccountId: MGMT, ...props }),
      'RootAccessGuardrails at "s/g": invalid props:',
    );

  it.each<[string, Record<string, unknown>, string]>([
    [
      "an unknown task policy",
      role({ taskPolicies: ["IAMAuditRootCredentials"] }),
      'operatorRoles[0].taskPolicies[0]: "IAMAuditRootCredentials" is not a task policy; expected IAMAuditRootUserCredentials, IAMDeleteRootUserCredentials, IAMCreateRootUserPassword, S3UnlockBucketPolicy or SQSUnlockQueuePolicy',
    ],
    [
      "no task policy",
      role({ taskPolicies: [] }),
      "operatorRoles[0].taskPolicies: expected at least one task policy: IAMAuditRootUserCredentials, IAMDeleteRootUserCredentials, IAMCreateRootUserPassword, S3UnlockBucketPolicy or SQSUnlockQueuePolicy",
    ],
    [
      "a repeated task policy",
      role({ taskPolicies: ["IAMAuditRootUserCredentials", "IAMAuditRootUserCredentials"] }),
      'operatorRoles[0].taskPolicies[1]: "IAMAuditRootUserCredentials" is listed twice (also at [0]); list each task policy once',
    ],
    [
      "a bad principal ARN",
      role({ trustedPrincipalArns: ["SecurityTeam"] }),
      'operatorRoles[0].trustedPrincipalArns[0]: "SecurityTeam" is not an IAM principal ARN; expected arn:aws:iam::<12-digit account>:role/<name>, :user/<name> or :root',
    ],
    [
      "no principal",
      role({ trustedPrincipalArns: [] }),
      "operatorRoles[0].trustedPrincipalArns: expected at least one principal ARN allowed to assume the role",
    ],
    [
      "a bad target",
      role({ targetAccountIds: ["12345"] }),
      'operatorRoles[0].targetAccountIds[0]: "12345" is not a target; expected "*" (all member accounts) or a 12-digit account ID',
    ],
    [
      "* with account IDs",
      role({ targetAccountIds: ["*", "333333333333"] }),
      'operatorRoles[0].targetAccountIds: "*" already means every member account; list "*" alone or account IDs',
    ],
    [
      "the management account as target",
      role({ targetAccountIds: [MGMT] }),
      "operatorRoles[0].targetAccountIds[0]: 111111111111 is the management account, which AssumeRoot cannot target; list member accounts",
    ],
    ["a session too short", role({ maxSessionDurationSeconds: 5 }), "operatorRoles[0].maxSessionDurationSeconds: expected 3600 to 43200 seconds"],
    ["a session too long", role({ maxSessionDurationSeconds: 50000 }), "operatorRoles[0].maxSessionDurationSeconds: expected 3600 to 43200 seconds"],
    ["a bad role name", role({ name: "bad name!" }), 'operatorRoles[0].name: "bad name!" is not an IAM role name; expected 1 to 64 letters, digits or +=,.@_-'],
    ["an unknown location", role({ in: "member" }), 'operatorRoles[0].in: "member" is not a location; expected "management" or "delegated-administrator"'],
    [
      "a delegated-admin role without its provider",
      { ...role({ in: "delegated-administrator" }), delegatedAdministratorAccountId: ADMIN },
      'operatorRoles[0].in: "delegated-administrator" needs delegatedAdministratorProvider (the provider Terraform creates the role with)',
    ],
    [
      "a delegated-admin role without its account",
      role({ in: "delegated-administrator" }),
      'operatorRoles[0].in: "delegated-administrator" needs delegatedAdministratorAccountId (the account the role is created in)',
    ],
    [
      "duplicate role names",
      { operatorRoles: [auditor, auditor] },
      'operatorRoles[1].name: "RootAccessAuditor" is already the name of operatorRoles[0]; role names must be unique',
    ],
    [
      "an unknown role key",
      role({ requireMFA: true }),
      'operatorRoles[0]: unknown key "requireMFA"; allowed keys: name, taskPolicies, trustedPrincipalArns, targetAccountIds, requireMfa, allowForeignAccountRoot, maxSessionDurationSeconds, in',
    ],
    [
      "a bad SCP target",
      { denyRootScp: { targetIds: ["root"] } },
      'denyRootScp.targetIds[0]: "root" is not an SCP target; expected a root (r-xxxx), an OU (ou-xxxx-xxxxxxxx) or a 12-digit account ID',
    ],
    ["no SCP target", { denyRootScp: { targetIds: [] } }, "denyRootScp.targetIds: expected at least one root, OU or account to attach the SCP to"],
    [
      "both emails and a topic",
      { assumeRootAlerts: { emails: ["a@example.com"], snsTopicArn: "arn:aws:sns:us-east-1:111111111111:t" } },
      'assumeRootAlerts: expected exactly one of "emails" (a topic is created) or "snsTopicArn" (an existing topic)',
    ],
    [
      "neither emails nor a topic",
      { assumeRootAlerts: {} },
      'assumeRootAlerts: expected exactly one of "emails" (a topic is created) or "snsTopicArn" (an existing topic)',
    ],
    [
      "a bad email",
      { assumeRootAlerts: { emails: ["security"] } },
      'assumeRootAlerts.emails[0]: "security" is not an email address; expected name@example.com',
    ],
    [
      "a bad topic ARN",
      { assumeRootAlerts: { snsTopicArn: "alerts" } },
      'assumeRootAlerts.snsTopicArn: "alerts" is not an SNS topic ARN; expected arn:aws:sns:<region>:<12-digit account>:<name>',
    ],
    ["a region that is not one", { region: "us-east1" }, 'region: "us-east1" is not an AWS region; expected a region code such as us-east-1'],
    [
      "an unknown prop",
      { scp: {} },
      'unknown key "scp"; allowed keys: operatorRoles, denyRootScp, assumeRootAlerts, delegatedAdministratorProvider, dependsOn, provider, region, managementAccountId, delegatedAdministratorAccountId',
    ],
  ])("refuses %s", (_what, props, message) => {
    expect(refused(props)).toEqual([message]);
  });

  it("refuses alerts for a delegated-administrator role without managementAccountId", () => {
    expect(
      refusal(
        (scope) =>
          new lib.RootAccessGuardrails(scope, "g", {
            region: "us-east-1",
            delegatedAdministratorAccountId: ADMIN,
            delegatedAdministratorProvider: {},
            ...role({ in: "delegated-administrator" }),
            assumeRootAlerts: { emails: ["security@example.com"] },
          }),
        'RootAccessGuardrails at "s/g": invalid props:',
      ),
    ).toEqual([
      "assumeRootAlerts: with an operator role in the delegated administrator, alerts need managementAccountId: that account's event bus receives the AssumeRoot events forwarded from the delegated administrator",
    ]);
  });

  it("accepts tokens where a value may be computed, and checks what forms a resource address", () => {
    const s = stack();
    const principal = new TerraformVariable(s, "principal", { type: "string" });
    const target = new TerraformVariable(s, "target", { type: "string" });
    const seconds = new TerraformVariable(s, "seconds", { type: "number" });
    const region = new TerraformVariable(s, "region", { type: "string" });
    const g = new lib.RootAccessGuardrails(s, "g", {
      region: region.stringValue,
      managementAccountId: MGMT,
      operatorRoles: [
        { ...auditor, trustedPrincipalArns: [principal.stringValue], targetAccountIds: [target.stringValue], maxSessionDurationSeconds: seconds.numberValue },
      ],
    });
    expect(Object.keys(g.operatorRoles)).toEqual(["RootAccessAuditor"]);
    const json = JSON.parse(Testing.synth(s));
    const [iamRole] = Object.values(json.resource.aws_iam_role) as any[];
    expect(iamRole.max_session_duration).toBe("${var.seconds}");
    expect(iamRole.assume_role_policy).toContain("${var.principal}");
    const [policy] = Object.values(json.resource.aws_iam_role_policy) as any[];
    expect(policy.policy).toContain("arn:aws:iam::${var.target}:root");

    const list = new TerraformVariable(stack(), "targets", { type: "list(string)" });
    expect(
      refusal(
        (scope) => new lib.RootAccessGuardrails(scope, "g", { region: "us-east-1", ...role({ targetAccountIds: list.listValue }) }),
        'RootAccessGuardrails at "s/g": invalid props:',
      ),
    ).toEqual([
      "operatorRoles[0].targetAccountIds: must be a list written out (its items may be tokens), not a list token: each item is written into a policy or a resource's address",
    ]);

    const name = new TerraformVariable(stack(), "name", { type: "string" });
    expect(
      refusal(
        (scope) => new lib.RootAccessGuardrails(scope, "g", { region: "us-east-1", ...role({ name: name.stringValue }) }),
        'RootAccessGuardrails at "s/g": invalid props:',
      ),
    ).toEqual(["operatorRoles[0].name: must be a literal, not a token: it is part of the resource's address"]);
  });
});
