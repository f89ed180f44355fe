// Every SDK call each CLI command makes is declared, with its IAM action, in lib/permissions.ts:
// the operator roles and the README's permission list are generated from that table.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RECORD_CALLS_ENV } from "../lib/aws/clients";
import { AwsCommand, commandsServedBy, COMMAND_OPERATIONS, OPERATIONS, operatorActions, permissionsMarkdown } from "../lib/permissions";
import { FakeOrganization, startFake } from "../tools/fake-aws";
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

/** Each command with arguments that take it through every AWS call it can make. */
const RUNS: [AwsCommand, (url: string, dir: string) => string[][]][] = [
  ["discover", () => [["discover"]]],
  ["check", (_u, dir) => [["check", "--config", alertsConfig(dir)]]],
  [
    "audit",
    (_u, dir) => [
      ["audit", "--format", "json"],
      ["audit", "--ou", "r-ex12", "--format", "json"],
      ["audit", "--format", "html", "--output", join(dir, "audit.html")],
    ],
  ],
  ["delete-root-credentials", (_u, dir) => [["delete-root-credentials", "--account", MEMBER, "--yes", "--action-log", join(dir, "a.jsonl")]]],
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
    [["IAMAuditRootUserCredentials"], ["audit"]],
    [["IAMDeleteRootUserCredentials"], ["delete-root-credentials"]],
    [
      ["IAMCreateRootUserPassword", "S3UnlockBucketPolicy"],
      ["allow-password-recovery", "unlock-s3-bucket-policy"],
    ],
    [["SQSUnlockQueuePolicy"], ["unlock-sqs-queue-policy"]],
  ] as const)("a role with %j serves %j", (tasks, commands) => {
    expect(commandsServedBy(tasks)).toEqual(commands);
  });

  it("grants an audit role the audit's reads, and a delete-only role the preflight's", () => {
    expect(operatorActions(["IAMAuditRootUserCredentials"])).toEqual([
      "iam:ListOrganizationsFeatures",
      "organizations:DescribeOrganization",
      "organizations:ListAccounts",
      "organizations:ListAccountsForParent",
      "organizations:ListOrganizationalUnitsForParent",
      "organizations:ListRoots",
    ]);
    expect(operatorActions(["IAMDeleteRootUserCredentials"])).toEqual([
      "iam:ListOrganizationsFeatures",
      "organizations:DescribeAccount",
      "organizations:DescribeOrganization",
    ]);
  });
});
