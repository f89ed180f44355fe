// Readiness in process: the evaluator's rules, verdicts from snapshots, our own SCP, and root
// sessions that consult the prediction (memory ports).
import { PARTITIONS, TASK_POLICIES } from "../lib/aws-constants";
import { denyRootScpPolicy } from "../lib/constructs/guardrail-policies";
import { auditOrganization } from "../lib/domain/audit";
import { evaluateCondition } from "../lib/domain/readiness/conditions";
import { evaluatePath, PolicyDocument } from "../lib/domain/readiness/evaluate-policy";
import { loadReadinessPredictor } from "../lib/domain/readiness/load-predictor";
import { OrganizationSnapshot, predictTask } from "../lib/domain/readiness/predict";
import { predictedRootSessions } from "../lib/domain/readiness/predicted-sessions";
import { requestContext } from "../lib/domain/readiness/request-context";
import { rootSessionRequest, taskActions } from "../lib/domain/readiness/root-session-requests";
import { CORPUS, FULL_AWS_ACCESS } from "../tools/fake-aws/policy-corpus";
import type { ReadinessReport } from "../lib/domain/readiness/readiness-report";
import { renderReadiness } from "../lib/cli/render/readiness";
import { MemoryAws } from "./support/memory-ports";

const ACCOUNT = "222222222222";
const ctx = (keys: Record<string, string | readonly string[]>, unknown?: string) =>
  requestContext({
    action: "iam:GetLoginProfile",
    resource: `arn:aws:iam::${ACCOUNT}:root`,
    keys,
    unknownKey: (k) => (unknown && k === unknown ? `${k} is not known` : undefined),
  });

/** A member account under root -> ou-a -> the account, with these SCPs on the OU (FullAWSAccess everywhere else). */
function snapshot(ouPolicies: Record<string, object>, rcps: Record<string, object> = {}): OrganizationSnapshot {
  const policies = new Map<string, any>([
    ["p-FullAWSAccess", { id: "p-FullAWSAccess", name: "FullAWSAccess", type: "SERVICE_CONTROL_POLICY", document: FULL_AWS_ACCESS }],
  ]);
  for (const [id, doc] of Object.entries(ouPolicies)) policies.set(id, { id, name: id, type: "SERVICE_CONTROL_POLICY", document: doc as PolicyDocument });
  for (const [id, doc] of Object.entries(rcps)) policies.set(id, { id, name: id, type: "RESOURCE_CONTROL_POLICY", document: doc as PolicyDocument });
  return {
    organizationId: "o-abcdefghij",
    managementAccountId: "111111111111",
    partition: "aws",
    region: "us-east-1",
    rootId: "r-ab12",
    enabledPolicyTypes: ["SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"],
    parents: new Map([
      ["ou-ab12-aaaaaaaa", "r-ab12"],
      [ACCOUNT, "ou-ab12-aaaaaaaa"],
    ]),
    organizationalUnits: new Map([["ou-ab12-aaaaaaaa", "workloads"]]),
    accounts: [{ id: ACCOUNT, name: "w", email: "w@example.com", state: "ACTIVE" }],
    policies,
    attachments: new Map([
      ["r-ab12", ["p-FullAWSAccess"]],
      ["ou-ab12-aaaaaaaa", [...(ouPolicies.allowList ? [] : ["p-FullAWSAccess"]), ...Object.keys(ouPolicies), ...Object.keys(rcps)]],
      [ACCOUNT, ["p-FullAWSAccess"]],
    ]),
  };
}

describe("condition operators (IAM reference)", () => {
  it.each([
    ["StringEquals", "aws:RequestedRegion", "us-east-1", { "aws:RequestedRegion": "us-east-1" }, true],
    ["StringEquals", "AWS:REQUESTEDREGION", "US-EAST-1", { "aws:RequestedRegion": "us-east-1" }, false],
    ["StringEqualsIgnoreCase", "aws:RequestedRegion", "US-EAST-1", { "aws:RequestedRegion": "us-east-1" }, true],
    ["StringNotEquals", "aws:RequestedRegion", "eu-west-1", {}, true],
    ["StringNotEqualsIfExists", "aws:RequestedRegion", "us-east-1", { "aws:RequestedRegion": "us-east-1" }, false],
    ["StringLikeIfExists", "aws:RequestedRegion", "eu-*", {}, true],
    ["ArnLike", "aws:PrincipalArn", "arn:aws:iam::*:root", { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:root` }, true],
    ["ArnLike", "aws:PrincipalArn", "arn:aws:iam::*:ROOT", { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:root` }, false],
    ["Null", "aws:AssumedRoot", "true", { "aws:AssumedRoot": "true" }, false],
    ["Null", "aws:AssumedRoot", "true", {}, true],
    ["Bool", "aws:AssumedRoot", "TRUE", { "aws:AssumedRoot": "true" }, true],
    ["NumericLessThan", "aws:MultiFactorAuthAge", "3600", { "aws:MultiFactorAuthAge": "100" }, true],
    ["DateGreaterThan", "aws:CurrentTime", "2026-01-01T00:00:00Z", { "aws:CurrentTime": "2026-12-01T00:00:00Z" }, true],
    ["IpAddress", "aws:SourceIp", "192.0.2.0/24", { "aws:SourceIp": "192.0.2.9" }, true],
    ["NotIpAddress", "aws:SourceIp", "2001:db8::/32", { "aws:SourceIp": "2001:db8::1" }, false],
    ["ForAnyValue:StringLike", "aws:PrincipalOrgPaths", "o-a/r-b/ou-c/*", { "aws:PrincipalOrgPaths": ["o-a/r-b/ou-d/", "o-a/r-b/ou-c/x/"] }, true],
    ["ForAllValues:StringLike", "aws:PrincipalOrgPaths", "o-a/r-b/ou-c/*", { "aws:PrincipalOrgPaths": ["o-a/r-b/ou-d/", "o-a/r-b/ou-c/x/"] }, false],
    ["ForAllValues:StringEquals", "aws:TagKeys", "team", {}, true],
    ["ForAnyValue:StringEquals", "aws:TagKeys", "team", {}, false],
    ["StringEquals", "aws:PrincipalAccount", "${aws:ResourceAccount}", { "aws:PrincipalAccount": ACCOUNT, "aws:ResourceAccount": ACCOUNT }, true],
  ] as const)("%s %s %s with %j is %s", (op, key, value, keys, expected) => {
    expect(evaluateCondition(op, key, value, ctx(keys))).toBe(expected);
  });

  it("is unknown, with the reason, on a key a prediction cannot know", () => {
    expect(evaluateCondition("NotIpAddress", "aws:SourceIp", "192.0.2.0/24", ctx({}, "aws:sourceip"))).toEqual({ unknown: "aws:sourceip is not known" });
    expect(evaluateCondition("StringEqualz", "aws:SourceIp", "x", ctx({}))).toEqual({ unknown: "the condition operator StringEqualz is not one IAM defines" });
  });

  it("lets a definite false outweigh an unknown in the same statement", () => {
    const levels = [
      {
        targetId: "ou",
        policies: [
          { id: "full", name: "FullAWSAccess", document: FULL_AWS_ACCESS as PolicyDocument },
          { id: "p", name: "p", document: CORPUS.denyOutsideCorporateNetwork as unknown as PolicyDocument },
        ],
      },
    ];
    const root = rootSessionRequest("iam:GetLoginProfile", { partition: "aws", organizationId: "o-a", accountId: ACCOUNT, parentIds: ["r-ab12"] });
    expect(evaluatePath(levels, root).decision).toBe("unknown");
    const viaService = requestContext({
      action: "iam:GetLoginProfile",
      resource: "*",
      keys: { "aws:ViaAWSService": "true" },
      unknownKey: (k) => (k === "aws:sourceip" ? "?" : undefined),
    });
    expect(evaluatePath(levels, viaService)).toEqual({ decision: "allowed" });
  });
});

describe("verdicts", () => {
  it("takes each task's actions from the commands' root-session operations", () => {
    expect(taskActions("IAMAuditRootUserCredentials")).toEqual([
      "iam:GetLoginProfile",
      "iam:ListAccessKeys",
      "iam:ListMFADevices",
      "iam:ListSigningCertificates",
      // remediate plan reads each access key's last use in its audit sessions.
      "iam:GetAccessKeyLastUsed",
    ]);
    expect(taskActions("SQSUnlockQueuePolicy")).toEqual(["sqs:GetQueueAttributes", "sqs:SetQueueAttributes"]);
    expect(taskActions("S3UnlockBucketPolicy")).toEqual(["s3:GetBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutBucketPolicy"]);
  });

  it.each(PARTITIONS)("finds the root-denying SCP this project synthesizes ready for every task (%s)", (partition) => {
    const s = { ...snapshot({ "p-ours": denyRootScpPolicy(partition) }), partition };
    expect(TASK_POLICIES.map((t) => predictTask(s, ACCOUNT, t).verdict)).toEqual(TASK_POLICIES.map(() => "ready"));
    // The same policy without the aws:AssumedRoot exemption blocks every task.
    const withoutExemption = JSON.parse(JSON.stringify(denyRootScpPolicy(partition)).replace(/,"Null":\{"aws:AssumedRoot":"true"\}/, ""));
    expect(TASK_POLICIES.map((t) => predictTask({ ...snapshot({ "p-ours": withoutExemption }), partition }, ACCOUNT, t).verdict)).toEqual(
      TASK_POLICIES.map(() => "blocked"),
    );
  });

  it("is partial when only some inputs fail, naming the denied action", () => {
    const p = predictTask(snapshot({ keep: CORPUS.denyRootKeyDeletion }), ACCOUNT, "IAMDeleteRootUserCredentials");
    expect(p).toMatchObject({ verdict: "partial", deniedActions: ["iam:DeleteAccessKey"] });
    expect(
      predictTask(
        snapshot({ noPut: { Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "s3:PutBucketPolicy", Resource: "*" }] } }),
        ACCOUNT,
        "S3UnlockBucketPolicy",
      ).verdict,
    ).toBe("partial");
  });

  it("is unknown with a reason when a policy cannot be read", () => {
    const s = snapshot({});
    (s.policies as Map<string, any>).set("p-bad", { id: "p-bad", name: "broken", type: "SERVICE_CONTROL_POLICY", parseError: "Unexpected token" });
    (s.attachments as Map<string, string[]>).set(ACCOUNT, ["p-FullAWSAccess", "p-bad"]);
    expect(predictTask(s, ACCOUNT, "IAMAuditRootUserCredentials")).toMatchObject({
      verdict: "unknown",
      reason: expect.stringContaining("service control policy p-bad (broken) could not be read"),
    });
  });
});

describe("root sessions that consult the prediction", () => {
  function memory() {
    const aws = new MemoryAws();
    aws.addAccount("200000000001", { loginProfile: true });
    aws.addAccount("200000000002");
    aws.orgPolicies.push(
      {
        id: "p-FullAWSAccess",
        name: "FullAWSAccess",
        type: "SERVICE_CONTROL_POLICY",
        content: JSON.stringify(FULL_AWS_ACCESS),
        targets: new Set(),
        awsManaged: true,
      },
      {
        id: "p-ct",
        name: "aws-guardrails-root",
        type: "SERVICE_CONTROL_POLICY",
        content: JSON.stringify(CORPUS.controlTowerRestrictRoot),
        targets: new Set(["200000000001"]),
      },
    );
    return aws;
  }

  it("opens no session where the task is blocked and reports the account as an error naming the policy", async () => {
    const aws = memory();
    const { predictor, warning } = await loadReadinessPredictor({ organizations: aws.organizations }, { partition: "aws" });
    expect(warning).toBeUndefined();
    const report = await auditOrganization(
      { organizations: aws.organizations, rootSessions: predictedRootSessions(aws.rootSessions, predictor!) },
      { concurrency: 2 },
    );
    expect(aws.events.filter((e) => e.startsWith("open"))).toEqual(["open 200000000002 IAMAuditRootUserCredentials"]);
    const blocked = report.accounts.find((a) => a.accountId === "200000000001")!;
    expect(blocked.status).toBe("error");
    expect(blocked.error).toEqual({
      code: "BlockedByOrganizationPolicy",
      message:
        '200000000001: no IAMAuditRootUserCredentials root session opened: iam:GetLoginProfile, iam:ListAccessKeys, iam:ListMFADevices, iam:ListSigningCertificates, iam:GetAccessKeyLastUsed denied with an explicit deny in the service control policy p-ct (aws-guardrails-root) attached to 200000000001, statement "GRRESTRICTROOTUSER" (#0) (root-access readiness says what to change; --no-predict tries anyway)',
    });
  });

  it("gives a caller that may not read policies one warning line saying what to grant, and no predictor", async () => {
    const aws = memory();
    aws.policyReadsDenied = true;
    const { predictor, warning } = await loadReadinessPredictor({ organizations: aws.organizations }, { partition: "aws" });
    expect(predictor).toBeUndefined();
    expect(warning?.split("\n")).toHaveLength(1);
    expect(warning).toMatch(
      /^warning: cannot read the organization's policies \(organizations:ListPolicies: AccessDeniedException\).*grant organizations:ListRoots, .*organizations:DescribePolicy.*going on without prediction$/,
    );
  });
});

describe("the readiness report, rendered", () => {
  const report: ReadinessReport = {
    organizationId: "o-abcdefghij",
    generatedAt: "2026-12-01T10:00:00.000Z",
    accounts: [
      {
        accountId: ACCOUNT,
        name: "=cmd|'/c calc'!A1 \u001b[31mred\u001b[0m\n<b>x</b>",
        ouPath: "Root/a|b",
        tasks: [
          {
            taskPolicy: "IAMDeleteRootUserCredentials",
            verdict: "partial",
            blockedBy: [
              {
                policyId: "p-k",
                policyName: "keep `keys` | *now*",
                policyType: "SERVICE_CONTROL_POLICY",
                targetId: "ou-ab12-aaaaaaaa",
                statementSid: "Keep",
                statementIndex: 0,
                actions: ["iam:DeleteAccessKey"],
                kind: "explicit",
              },
            ],
            deniedActions: ["iam:DeleteAccessKey"],
          },
        ],
      },
    ],
    summary: {
      accounts: 1,
      ready: 0,
      blocked: 0,
      partial: 1,
      unknown: 0,
      blockingPolicies: [
        {
          policyId: "p-k",
          policyName: "keep `keys` | *now*",
          policyType: "SERVICE_CONTROL_POLICY",
          targetId: "ou-ab12-aaaaaaaa",
          statementSid: "Keep",
          statementIndex: 0,
          kind: "explicit",
          accounts: 1,
          taskPolicies: ["IAMDeleteRootUserCredentials"],
          actions: ["iam:DeleteAccessKey"],
          change: "exempt centralized root sessions",
        },
      ],
    },
  };

  it("escapes AWS values in Markdown: no HTML, no table break, no emphasis", () => {
    const md = renderReadiness(report, "markdown");
    expect(md).not.toContain("<b>");
    expect(md).toContain("&lt;b&gt;x&lt;/b&gt;");
    expect(md).not.toContain("\u001b");
    expect(md).toContain("keep \\`keys\\` \\| \\*now\\*");
    const row = md.split("\n").find((l) => l.startsWith(`| \`${ACCOUNT}\``))!;
    expect(row.split(/(?<!\\)\|/).length - 2).toBe(4);
  });

  it("neutralises formulas and quotes cells in CSV, and strips escape sequences on the terminal", () => {
    const csv = renderReadiness(report, "csv").split("\n");
    expect(csv[0]).toBe("accountId,name,ouPath,taskPolicy,verdict,deniedActions,blockedBy,reason");
    expect(csv[1].startsWith(`${ACCOUNT},"'=cmd|'/c calc'!A1`)).toBe(true);
    const table = renderReadiness(report, "table");
    expect(table).not.toContain("\u001b");
    expect(table.split("\n")[0]).toBe("What blocks root sessions (most accounts first), and what to change:");
    expect(table).toContain("partial (DeleteAccessKey denied)");
  });
});
