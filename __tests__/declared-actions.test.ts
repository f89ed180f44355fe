// Every SDK call each CLI command makes is declared, with its IAM action, in lib/permissions.ts:
// the operator roles and the README's permission list are generated from that table.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RECORD_CALLS_ENV } from "../lib/aws/clients";
import { CREDENTIAL_KINDS } from "../lib/aws-constants";
import { withIntegrity } from "../lib/cli/io/remediation-plan-file";
import { summarizePlan } from "../lib/domain/remediation/plan";
import { AwsCommand, commandsServedBy, COMMAND_OPERATIONS, OPERATIONS, operatorActions, permissionsMarkdown } from "../lib/permissions";
import { FakeOrganization, startFake } from "../tools/fake-aws";
import { CORPUS } from "../tools/fake-aws/policy-corpus";
import { ROOT, runCli } from "./support/cli";

const MEMBER = "222222222222";

/** Operations recorded that the command does not declare (or that the table lacks). */
function undeclared(command: AwsCommand, recorded: readonly string[]): string[] {
  const declared: readonly string[] = COMMAND_OPERATIONS[command].operations;
  return [...new Set(recorded.filter((op) => !declared.includes(op) || !(op in OPERATIONS)))].sort();
}

function organization(): FakeOrganization {
  const org = new FakeOrganization().enableRootAccess();
  const member = org.addAccount({
    id: MEMBER,
    rootCredentials: {
      loginProfile: true,
      accessKeys: [{ id: "AKIAROOT1", status: "Active" }],
      mfaDevices: [`arn:aws:iam::${MEMBER}:mfa/root`],
      signingCertificates: [{ id: "CERT1", status: "Active" }],
    },
  });
  org.addOrganizationalUnit("ou-ex12-workload1", "workloads");
  member.buckets.set("locked-bucket", '{"Version":"2012-10-17","Statement":[]}');
  org.delegatedAdministrators.set("iam.amazonaws.com", new Set([MEMBER]));
  // SCPs and RCPs: audit and the privileged commands read them to predict, readiness too.
  org.addPolicy({ id: "p-denyroot1", name: "deny-root", type: "SERVICE_CONTROL_POLICY", content: CORPUS.awsDenyRootExemptingSessions, targets: [org.rootId] });
  org.addPolicy({ id: "p-rcpdata1", name: "rcp", type: "RESOURCE_CONTROL_POLICY", content: CORPUS.rcpDenyRoot, targets: ["ou-ex12-workload1"] });
  // Custom event selectors: check reads them too.
  org.addTrail(org.managementAccountId, { managementEvents: false });
  return org;
}

/** A config with alerts (check then looks for a trail). */
function alertsConfig(dir: string): string {
  const file = join(dir, "organizations.json");
  writeFileSync(
    file,
    JSON.stringify({ organizations: [{ name: "main", region: "us-east-1", guardrails: { assumeRootAlerts: { emails: ["security@example.com"] } } }] }),
  );
  return file;
}

/** A plan deleting every item of MEMBER's root user, written as `remediate plan` would. */
function memberPlan(dir: string): string {
  const items = [
    { kind: "login-profile" as const, id: null },
    { kind: "access-keys" as const, id: "AKIAROOT1" },
    { kind: "mfa-devices" as const, id: `arn:aws:iam::${MEMBER}:mfa/root` },
    { kind: "signing-certificates" as const, id: "CERT1" },
  ].map((i) => ({ ...i, createdAt: null, lastUsed: null }));
  const accounts = [{ accountId: MEMBER, name: "member", ouPath: "Root", items, heldBack: [], blocked: null, error: null, prediction: null }];
  const plan = withIntegrity({
    formatVersion: 1,
    organizationId: "o-exampleorgid",
    createdAt: new Date().toISOString(),
    caller: { accountId: "111111111111", arn: "arn:aws:iam::111111111111:user/ops" },
    selection: {
      accounts: [MEMBER],
      ou: null,
      only: [...CREDENTIAL_KINDS],
      keepUsedWithinDays: 90,
      includeActiveCertificates: true,
      prediction: "not available",
    },
    accounts,
    summary: summarizePlan(accounts, []),
  });
  const file = join(dir, "plan.json");
  writeFileSync(file, JSON.stringify(plan));
  return file;
}

/** Each command with arguments that take it through every AWS call it can make. */
const RUNS: [AwsCommand, (url: string, dir: string) => string[][]][] = [
  ["discover", () => [["discover"]]],
  ["check", (_u, dir) => [["check", "--config", alertsConfig(dir)]]],
  [
    "audit",
    (_u, dir) => [
      ["audit", "--format", "json"],
      ["audit", "--ou", "r-ex12", "--format", "json"],
      ["audit", "--accounts", MEMBER, "--format", "json"],
      ["audit", "--format", "html", "--output", join(dir, "audit.html")],
    ],
  ],
  ["readiness", () => [["readiness", "--format", "json"]]],
  ["delete-root-credentials", (_u, dir) => [["delete-root-credentials", "--account", MEMBER, "--yes", "--action-log", join(dir, "a.jsonl")]]],
  [
    "remediate plan",
    () => [
      ["remediate", "plan", "--format", "json"],
      ["remediate", "plan", "--accounts", MEMBER, "--format", "json"],
    ],
  ],
  ["remediate apply", (_u, dir) => [["remediate", "apply", memberPlan(dir), "--yes", "--action-log", join(dir, "a.jsonl")]]],
  ["allow-password-recovery", (_u, dir) => [["allow-password-recovery", "--account", MEMBER, "--yes", "--action-log", join(dir, "a.jsonl")]]],
  [
    "unlock-s3-bucket-policy",
    (_u, dir) => [
      [
        "unlock-s3-bucket-policy",
        "--account",
        MEMBER,
        "--bucket",
        "locked-bucket",
        "--yes",
        "--backup-dir",
        join(dir, "b"),
        "--action-log",
        join(dir, "a.jsonl"),
      ],
    ],
  ],
  [
    "unlock-sqs-queue-policy",
    (url, dir) => [
      [
        "unlock-sqs-queue-policy",
        "--account",
        MEMBER,
        "--queue-url",
        `${url}/${MEMBER}/locked-queue`,
        "--yes",
        "--backup-dir",
        join(dir, "b"),
        "--action-log",
        join(dir, "a.jsonl"),
      ],
    ],
  ],
];

describe("declared AWS operations", () => {
  it("lists every command that calls AWS", () => {
    expect(RUNS.map(([c]) => c).sort()).toEqual(Object.keys(COMMAND_OPERATIONS).sort());
  });

  it.each(RUNS)("%s sends only the operations it declares", async (command, argsOf) => {
    const org = organization();
    const fake = await startFake(org);
    const dir = mkdtempSync(join(tmpdir(), "ra-ops-"));
    const record = join(dir, "calls.jsonl");
    org.accounts.get(MEMBER)!.queues.set(`${fake.url}/${MEMBER}/locked-queue`, '{"Version":"2012-10-17","Statement":[]}');
    try {
      for (const args of argsOf(fake.url, dir)) {
        const run = await runCli(args, { ...fake.env(), [RECORD_CALLS_ENV]: record });
        expect(run.stderr).not.toMatch(/internal error/);
      }
    } finally {
      await fake.stop();
    }
    const recorded = existsSync(record)
      ? readFileSync(record, "utf8")
          .trim()
          .split("\n")
          .map((l) => JSON.parse(l).operation as string)
      : [];
    expect(recorded.length).toBeGreaterThan(0);
    expect(undeclared(command, recorded)).toEqual([]);
    // And nothing is declared for the caller that the command never sends (the roles would grant too much).
    const callerOps = COMMAND_OPERATIONS[command].operations.filter((op) => OPERATIONS[op].principal === "caller");
    expect(callerOps.filter((op) => !recorded.includes(op))).toEqual([]);
  });

  it("is what the README's permission table says", () => {
    expect(readFileSync(join(ROOT, "README.md"), "utf8")).toContain(permissionsMarkdown());
  });

  it("catches a call that is not declared", () => {
    expect(undeclared("audit", ["organizations:ListAccounts", "iam:GetUser", "organizations:DescribeAccount"])).toEqual([
      "iam:GetUser",
      "organizations:DescribeAccount",
    ]);
  });
});

describe("operator roles from the operations table", () => {
  it.each([
    [["IAMAuditRootUserCredentials"], ["audit", "remediate plan"]],
    [["IAMDeleteRootUserCredentials"], ["delete-root-credentials", "remediate apply"]],
    [
      ["IAMCreateRootUserPassword", "S3UnlockBucketPolicy"],
      ["allow-password-recovery", "unlock-s3-bucket-policy"],
    ],
    [["SQSUnlockQueuePolicy"], ["unlock-sqs-queue-policy"]],
  ] as const)("a role with %j serves %j", (tasks, commands) => {
    expect(commandsServedBy(tasks)).toEqual(commands);
  });

  it("grants an audit role the audit's reads, and a delete-only role the preflight's", () => {
    // With the policy reads that predict what SCPs and RCPs refuse (readiness).
    expect(operatorActions(["IAMAuditRootUserCredentials"])).toEqual([
      "iam:ListOrganizationsFeatures",
      "organizations:DescribeOrganization",
      "organizations:DescribePolicy",
      "organizations:ListAccounts",
      "organizations:ListAccountsForParent",
      "organizations:ListOrganizationalUnitsForParent",
      "organizations:ListParents",
      "organizations:ListPolicies",
      "organizations:ListPoliciesForTarget",
      "organizations:ListRoots",
      "organizations:ListTargetsForPolicy",
    ]);
    expect(operatorActions(["IAMDeleteRootUserCredentials"])).toEqual([
      "iam:ListOrganizationsFeatures",
      "organizations:DescribeAccount",
      "organizations:DescribeOrganization",
      "organizations:DescribePolicy",
      "organizations:ListParents",
      "organizations:ListPoliciesForTarget",
      "organizations:ListRoots",
    ]);
  });
});
