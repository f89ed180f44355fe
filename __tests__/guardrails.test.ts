import { runSimulation } from "@cloud-copilot/iam-simulate";
import { validateConfig } from "../lib/config/load-config";
import { ConfigError } from "../lib/errors";
import { org, only, synthOrganization, TerraformJson } from "./support/synth";

const MGMT = "111111111111";
const ADMIN = "222222222222";
const auditor = {
  name: "RootAccessAuditor",
  taskPolicies: ["IAMAuditRootUserCredentials"],
  trustedPrincipalArns: [`arn:aws:iam::${MGMT}:role/SecurityTeam`],
  targetAccountIds: ["*"],
};
const breakGlass = {
  name: "RootBreakGlass",
  taskPolicies: ["IAMDeleteRootUserCredentials", "IAMCreateRootUserPassword"],
  trustedPrincipalArns: [`arn:aws:iam::${ADMIN}:role/Responders`, `arn:aws:iam::${ADMIN}:user/alice`],
  targetAccountIds: ["333333333333", "444444444444"],
  requireMfa: true,
  maxSessionDurationSeconds: 7200,
  in: "delegated-administrator",
};
const withGuardrails = (guardrails: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  org({ managementAccountId: MGMT, delegatedAdministrator: { accountId: ADMIN }, guardrails, ...extra });

function roles(json: TerraformJson) {
  return Object.values(json.resource!.aws_iam_role).map((r: any) => ({ ...r, assume_role_policy: JSON.parse(r.assume_role_policy) }));
}
function rolePolicies(json: TerraformJson) {
  return Object.values(json.resource!.aws_iam_role_policy).map((p: any) => ({ ...p, policy: JSON.parse(p.policy) }));
}

describe("operator roles", () => {
  const { json } = synthOrganization(
    withGuardrails({ operatorRoles: [auditor, breakGlass], delegatedAdministratorRoleArn: `arn:aws:iam::${ADMIN}:role/terraform` }),
  );

  it("trusts exactly the listed principals, with MFA where required", () => {
    const [a, b] = roles(json);
    expect(a.name).toBe("RootAccessAuditor");
    expect(a.max_session_duration).toBe(3600);
    expect(a.assume_role_policy).toEqual({
      Version: "2012-10-17",
      Statement: [{ Sid: "TrustedOperators", Effect: "Allow", Principal: { AWS: [`arn:aws:iam::${MGMT}:role/SecurityTeam`] }, Action: "sts:AssumeRole" }],
    });
    expect(b.max_session_duration).toBe(7200);
    expect(b.assume_role_policy.Statement).toEqual([
      {
        Sid: "TrustedOperators",
        Effect: "Allow",
        Principal: { AWS: [`arn:aws:iam::${ADMIN}:role/Responders`, `arn:aws:iam::${ADMIN}:user/alice`] },
        Action: "sts:AssumeRole",
        Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } },
      },
    ]);
  });

  it("allows sts:AssumeRoot only on member roots and only with the listed task policies (ArnEquals)", () => {
    const [a, b] = rolePolicies(json);
    expect(a.policy).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AssumeRootForTaskPolicies",
          Effect: "Allow",
          Action: "sts:AssumeRoot",
          Resource: ["arn:aws:iam::*:root"],
          Condition: { ArnEquals: { "sts:TaskPolicyArn": ["arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials"] } },
        },
        {
          Sid: "ReadOrganization",
          Effect: "Allow",
          Action: [
            "iam:ListOrganizationsFeatures",
            "organizations:DescribeOrganization",
            "organizations:ListAccounts",
            "organizations:ListAccountsForParent",
            "organizations:ListOrganizationalUnitsForParent",
            "organizations:ListRoots",
          ],
          Resource: "*",
        },
      ],
    });
    expect(b.policy.Statement[0]).toEqual({
      Sid: "AssumeRootForTaskPolicies",
      Effect: "Allow",
      Action: "sts:AssumeRoot",
      Resource: ["arn:aws:iam::333333333333:root", "arn:aws:iam::444444444444:root"],
      Condition: {
        ArnEquals: {
          "sts:TaskPolicyArn": [
            "arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials",
            "arn:aws:iam::aws:policy/root-task/IAMCreateRootUserPassword",
          ],
        },
      },
    });
    // Exactly what the commands of its task policies call (delete-root-credentials and
    // allow-password-recovery: the preflight reads), from lib/permissions.ts.
    expect(b.policy.Statement[1]).toEqual({
      Sid: "ReadOrganization",
      Effect: "Allow",
      Action: ["iam:ListOrganizationsFeatures", "organizations:DescribeAccount", "organizations:DescribeOrganization"],
      Resource: "*",
    });
  });

  it("creates roles in the delegated administrator through a second provider assuming the configured role", () => {
    expect(json.provider!.aws).toEqual([
      { region: "us-east-1" },
      {
        alias: "delegated-administrator",
        region: "us-east-1",
        assume_role: [{ role_arn: `arn:aws:iam::${ADMIN}:role/terraform`, session_name: "cdktf-root-access" }],
      },
    ]);
    const [a, b] = roles(json);
    expect(a.provider).toBeUndefined();
    expect(b.provider).toBe("aws.delegated-administrator");
    const [pa, pb] = rolePolicies(json);
    expect(pa.provider).toBeUndefined();
    expect(pb.provider).toBe("aws.delegated-administrator");
  });

  it("creates the roles after the features and outputs their ARNs by name", () => {
    const features = only(json, "aws_iam_organizations_features").name;
    for (const r of roles(json)) expect(r.depends_on).toEqual([`aws_iam_organizations_features.${features}`]);
    const [aName, bName] = Object.keys(json.resource!.aws_iam_role);
    expect(json.output!.operator_role_arns.value).toEqual({
      RootAccessAuditor: `\${aws_iam_role.${aName}.arn}`,
      RootBreakGlass: `\${aws_iam_role.${bName}.arn}`,
    });
  });
});

describe("root-denying SCP", () => {
  const { json } = synthOrganization(withGuardrails({ denyRootScp: { targetIds: ["r-ab12", "ou-ab12-11111111"] } }));
  const scp = only(json, "aws_organizations_policy");

  it("denies member roots everything except inside AssumeRoot sessions (AWS's pattern)", () => {
    expect(scp.body.type).toBe("SERVICE_CONTROL_POLICY");
    expect(scp.body.name).toBe("DenyRootUserOutsideAssumeRoot");
    expect(JSON.parse(scp.body.content)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "DenyRootUserOutsideAssumeRoot",
          Effect: "Deny",
          Action: "*",
          Resource: "*",
          Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:root" }, Null: { "aws:AssumedRoot": "true" } },
        },
      ],
    });
  });

  it.each([
    ["the member's root user outside a root session", "ExplicitlyDenied", "arn:aws:iam::333333333333:root", {}],
    ["a root session (sts:AssumeRoot)", "Allowed", "arn:aws:iam::333333333333:root", { "aws:AssumedRoot": "true" }],
    ["an IAM role of the member", "Allowed", "arn:aws:iam::333333333333:role/Developer", {}],
  ])("as IAM evaluates it (iam-simulate): %s is %s", async (_who, expected, principal, context) => {
    const fullAccess = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };
    const result = await runSimulation(
      {
        identityPolicies: [{ name: "admin", policy: fullAccess }],
        serviceControlPolicies: [
          {
            orgIdentifier: "r-ab12",
            policies: [
              { name: "FullAWSAccess", policy: fullAccess },
              { name: "deny-root", policy: JSON.parse(scp.body.content) },
            ],
          },
        ],
        resourceControlPolicies: [],
        request: {
          action: "s3:ListAllMyBuckets",
          principal,
          resource: { resource: "*", accountId: "333333333333" },
          contextVariables: { "aws:PrincipalArn": principal, ...context },
        },
      },
      {},
    );
    expect(result.resultType === "error" ? result.errors : result.overallResult).toBe(expected);
  });

  it("is attached to each listed target and its ID is an output", () => {
    const attachments = Object.values(json.resource!.aws_organizations_policy_attachment).map((a: any) => [a.target_id, a.policy_id]);
    expect(attachments.sort()).toEqual([
      ["ou-ab12-11111111", `\${aws_organizations_policy.${scp.name}.id}`],
      ["r-ab12", `\${aws_organizations_policy.${scp.name}.id}`],
    ]);
    expect(json.output!.deny_root_scp_id.value).toBe(`\${aws_organizations_policy.${scp.name}.id}`);
  });
});

describe("AssumeRoot alerts", () => {
  it("sends CloudTrail AssumeRoot events to a new topic that only this rule may publish to, with email subscriptions", () => {
    const { json } = synthOrganization(withGuardrails({ assumeRootAlerts: { emails: ["security@example.com", "oncall@example.com"] } }));
    const rule = only(json, "aws_cloudwatch_event_rule");
    const topic = only(json, "aws_sns_topic");
    expect(JSON.parse(rule.body.event_pattern)).toEqual({
      source: ["aws.sts"],
      "detail-type": ["AWS API Call via CloudTrail"],
      detail: { eventSource: ["sts.amazonaws.com"], eventName: ["AssumeRoot"] },
    });
    expect(only(json, "aws_cloudwatch_event_target").body).toMatchObject({
      rule: `\${aws_cloudwatch_event_rule.${rule.name}.name}`,
      arn: `\${aws_sns_topic.${topic.name}.arn}`,
    });
    expect(JSON.parse(only(json, "aws_sns_topic_policy").body.policy)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "EventBridgePublishesAssumeRootAlerts",
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: "sns:Publish",
          Resource: `\${aws_sns_topic.${topic.name}.arn}`,
          Condition: { ArnEquals: { "aws:SourceArn": `\${aws_cloudwatch_event_rule.${rule.name}.arn}` } },
        },
      ],
    });
    expect(
      Object.values(json.resource!.aws_sns_topic_subscription)
        .map((s: any) => [s.protocol, s.endpoint])
        .sort(),
    ).toEqual([
      ["email", "oncall@example.com"],
      ["email", "security@example.com"],
    ]);
    expect(json.output!.assume_root_alerts_topic_arn.value).toBe(`\${aws_sns_topic.${topic.name}.arn}`);
  });

  it("targets an existing topic without creating one", () => {
    const arn = "arn:aws:sns:us-east-1:111111111111:security-alerts";
    const { json } = synthOrganization(withGuardrails({ assumeRootAlerts: { snsTopicArn: arn } }));
    expect(json.resource!.aws_sns_topic).toBeUndefined();
    expect(json.resource!.aws_sns_topic_policy).toBeUndefined();
    expect(only(json, "aws_cloudwatch_event_target").body.arn).toBe(arn);
    expect(json.output!.assume_root_alerts_topic_arn.value).toBe(arn);
  });
});

describe("AssumeRoot alerts where sessions start", () => {
  const delegatedRole = { ...auditor, in: "delegated-administrator" };
  const config = {
    operatorRoles: [delegatedRole],
    delegatedAdministratorRoleArn: `arn:aws:iam::${ADMIN}:role/terraform`,
    assumeRootAlerts: { emails: ["security@example.com"] },
  };

  it("adds a rule in the delegated administrator that forwards to the management account's default bus, which lets that account put events", () => {
    const { json } = synthOrganization(withGuardrails(config));
    const rules = Object.entries(json.resource!.aws_cloudwatch_event_rule) as [string, any][];
    expect(rules.map(([, r]) => [r.name, r.provider ?? "default"]).sort()).toEqual([
      ["root-access-assume-root-alerts", "aws.delegated-administrator"],
      ["root-access-assume-root-alerts", "default"],
    ]);
    const [delegatedRuleName, delegatedRule] = rules.find(([, r]) => r.provider === "aws.delegated-administrator")!;
    expect(JSON.parse(delegatedRule.event_pattern)).toEqual(JSON.parse(rules.find(([, r]) => !r.provider)![1].event_pattern));
    const targets = Object.values(json.resource!.aws_cloudwatch_event_target) as any[];
    expect(targets.find((t) => t.provider === "aws.delegated-administrator")).toEqual({
      rule: `\${aws_cloudwatch_event_rule.${delegatedRuleName}.name}`,
      arn: `arn:aws:events:us-east-1:${MGMT}:event-bus/default`,
      target_id: "management-account-bus",
      provider: "aws.delegated-administrator",
    });
    const busPolicy = only(json, "aws_cloudwatch_event_bus_policy").body;
    expect(busPolicy.provider).toBeUndefined();
    expect(JSON.parse(busPolicy.policy)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "DelegatedAdministratorForwardsAssumeRootEvents",
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${ADMIN}:root` },
          Action: "events:PutEvents",
          Resource: `arn:aws:events:us-east-1:${MGMT}:event-bus/default`,
        },
      ],
    });
  });

  it("adds no forwarding when every role is in the management account", () => {
    const { json } = synthOrganization(withGuardrails({ operatorRoles: [auditor], assumeRootAlerts: { emails: ["security@example.com"] } }));
    expect(Object.keys(json.resource!.aws_cloudwatch_event_rule)).toHaveLength(1);
    expect(json.resource!.aws_cloudwatch_event_bus_policy).toBeUndefined();
  });

  it("refuses alerts with a delegated-administrator role but no managementAccountId", () => {
    expect(() => validateConfig({ organizations: [org({ delegatedAdministrator: { accountId: ADMIN }, guardrails: config })] }, "o.json")).toThrow(
      new ConfigError([
        "o.json: organizations[0].guardrails.assumeRootAlerts: with an operator role in the delegated administrator, alerts need managementAccountId: that account's event bus receives the AssumeRoot events forwarded from the delegated administrator",
      ]),
    );
  });
});

describe("guardrails off", () => {
  it("adds nothing by default or for an empty guardrails object", () => {
    for (const entry of [org(), org({ guardrails: {} })]) {
      const { json } = synthOrganization(entry);
      expect(Object.keys(json.resource!).sort()).toEqual(["aws_iam_organizations_features", "aws_organizations_aws_service_access"]);
      expect(json.provider!.aws).toHaveLength(1);
    }
  });
});

describe("guardrail config refusals", () => {
  function problems(guardrails: Record<string, unknown>, extra: Record<string, unknown> = {}): string[] {
    try {
      validateConfig({ organizations: [withGuardrails(guardrails, extra)] }, "organizations.json");
      return [];
    } catch (err) {
      return [...(err as ConfigError).problems];
    }
  }
  const role = (extra: Record<string, unknown>) => ({ operatorRoles: [{ ...auditor, ...extra }] });
  const at = "organizations.json: organizations[0].guardrails";

  // Rows of one length: jest 30 hangs on an each-table whose rows differ in length.
  it.each<[string, Record<string, unknown>, string]>([
    [
      "an unknown task policy",
      role({ taskPolicies: ["IAMAuditRoot"] }),
      `${at}.operatorRoles[0].taskPolicies[0]: "IAMAuditRoot" is not a task policy; expected IAMAuditRootUserCredentials, IAMDeleteRootUserCredentials, IAMCreateRootUserPassword, S3UnlockBucketPolicy or SQSUnlockQueuePolicy`,
    ],
    [
      "no task policy",
      role({ taskPolicies: [] }),
      `${at}.operatorRoles[0].taskPolicies: expected at least one task policy: IAMAuditRootUserCredentials, IAMDeleteRootUserCredentials, IAMCreateRootUserPassword, S3UnlockBucketPolicy or SQSUnlockQueuePolicy`,
    ],
    [
      "a bad principal ARN",
      role({ trustedPrincipalArns: ["SecurityTeam"] }),
      `${at}.operatorRoles[0].trustedPrincipalArns[0]: "SecurityTeam" is not an IAM principal ARN; expected arn:aws:iam::<12-digit account>:role/<name>, :user/<name> or :root`,
    ],
    [
      "no principal",
      role({ trustedPrincipalArns: [] }),
      `${at}.operatorRoles[0].trustedPrincipalArns: expected at least one principal ARN allowed to assume the role`,
    ],
    [
      "a bad target",
      role({ targetAccountIds: ["all"] }),
      `${at}.operatorRoles[0].targetAccountIds[0]: "all" is not a target; expected "*" (all member accounts) or a 12-digit account ID`,
    ],
    [
      "* with account IDs",
      role({ targetAccountIds: ["*", "333333333333"] }),
      `${at}.operatorRoles[0].targetAccountIds: "*" already means every member account; list "*" alone or account IDs`,
    ],
    [
      "the management account as target",
      role({ targetAccountIds: [MGMT] }),
      `${at}.operatorRoles[0].targetAccountIds[0]: 111111111111 is the management account, which AssumeRoot cannot target; list member accounts`,
    ],
    ["a session too long", role({ maxSessionDurationSeconds: 50000 }), `${at}.operatorRoles[0].maxSessionDurationSeconds: expected 3600 to 43200 seconds`],
    [
      "a bad role name",
      role({ name: "Root Auditor" }),
      `${at}.operatorRoles[0].name: "Root Auditor" is not an IAM role name; expected 1 to 64 letters, digits or +=,.@_-`,
    ],
    [
      "an unknown location",
      role({ in: "member" }),
      `${at}.operatorRoles[0].in: "member" is not a location; expected "management" or "delegated-administrator"`,
    ],
    [
      "a delegated-admin role without the Terraform role",
      role({ in: "delegated-administrator" }),
      `${at}.operatorRoles[0].in: "delegated-administrator" needs guardrails.delegatedAdministratorRoleArn (a role in that account for Terraform to assume)`,
    ],
    [
      "a Terraform role in another account",
      { delegatedAdministratorRoleArn: "arn:aws:iam::999999999999:role/terraform" },
      `${at}.delegatedAdministratorRoleArn: the role is in account 999999999999, not in the delegated administrator 222222222222`,
    ],
    [
      "duplicate role names",
      { operatorRoles: [auditor, auditor] },
      `${at}.operatorRoles[1].name: "RootAccessAuditor" is already the name of operatorRoles[0]; role names must be unique`,
    ],
    [
      "a bad SCP target",
      { denyRootScp: { targetIds: ["root"] } },
      `${at}.denyRootScp.targetIds[0]: "root" is not an SCP target; expected a root (r-xxxx), an OU (ou-xxxx-xxxxxxxx) or a 12-digit account ID`,
    ],
    ["no SCP target", { denyRootScp: { targetIds: [] } }, `${at}.denyRootScp.targetIds: expected at least one root, OU or account to attach the SCP to`],
    [
      "both emails and a topic",
      { assumeRootAlerts: { emails: ["a@example.com"], snsTopicArn: "arn:aws:sns:us-east-1:111111111111:t" } },
      `${at}.assumeRootAlerts: expected exactly one of "emails" (a topic is created) or "snsTopicArn" (an existing topic)`,
    ],
    [
      "neither emails nor a topic",
      { assumeRootAlerts: {} },
      `${at}.assumeRootAlerts: expected exactly one of "emails" (a topic is created) or "snsTopicArn" (an existing topic)`,
    ],
    [
      "a bad email",
      { assumeRootAlerts: { emails: ["security"] } },
      `${at}.assumeRootAlerts.emails[0]: "security" is not an email address; expected name@example.com`,
    ],
    [
      "a bad topic ARN",
      { assumeRootAlerts: { snsTopicArn: "alerts" } },
      `${at}.assumeRootAlerts.snsTopicArn: "alerts" is not an SNS topic ARN; expected arn:aws:sns:<region>:<12-digit account>:<name>`,
    ],
    [
      "an unknown guardrail",
      { scp: {} },
      `${at}: unknown key "scp"; allowed keys: operatorRoles, delegatedAdministratorRoleArn, denyRootScp, assumeRootAlerts`,
    ],
  ])("refuses %s", (_what, guardrails, message) => {
    expect(problems(guardrails)).toEqual([message]);
  });

  it("refuses an SCP while the stack would disable SCPs", () => {
    expect(problems({ denyRootScp: { targetIds: ["r-ab12"] } }, { trustedAccess: { mode: "organization", enabledPolicyTypes: ["TAG_POLICY"] } })).toEqual([
      `${at}.denyRootScp: needs SERVICE_CONTROL_POLICY in trustedAccess.enabledPolicyTypes (the stack would disable SCPs)`,
    ]);
  });

  it("refuses a delegated-administrator role when there is no delegated administrator", () => {
    expect(() => validateConfig({ organizations: [org({ guardrails: role({ in: "delegated-administrator" }) })] }, "o.json")).toThrow(
      'o.json: organizations[0].guardrails.operatorRoles[0].in: "delegated-administrator" needs delegatedAdministrator.accountId (the account the role is created in)',
    );
  });
});
