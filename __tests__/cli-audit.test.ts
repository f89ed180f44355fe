// `root-access audit` end to end: the real CLI and SDK against the local fake.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli, runCliOnTerminal, runCliProcess, terminalAvailable, terminalSkipped } from "./support/cli";
import { FakeAws, FakeOrganization, organizationWithMembers, startFake } from "../tools/fake-aws";
import { itWaits } from "./support/fast";

const SUSPENDED = "200000000001";
const PASSWORD = "200000000002";
const KEYS = "200000000003";
const MFA = "200000000004";
const CERT = "200000000005";
const CLEAN = "200000000006";
const DENIED = "200000000007";

/** Management, suspended, one account per credential kind, a clean one, one whose AssumeRoot is denied, in an OU tree. */
function mixedOrganization(): FakeOrganization {
  const org = new FakeOrganization().enableRootAccess();
  org.addOrganizationalUnit("ou-ex12-workload1", "workloads");
  org.addOrganizationalUnit("ou-ex12-prod0001", "prod", "ou-ex12-workload1");
  org.addAccount({ id: SUSPENDED, name: "old", state: "SUSPENDED" });
  org.addAccount({ id: PASSWORD, name: "password", rootCredentials: { loginProfile: true } });
  org.addAccount({
    id: KEYS,
    name: "keys",
    parentId: "ou-ex12-workload1",
    rootCredentials: {
      accessKeys: [
        { id: "AKIAROOT1", status: "Active" },
        { id: "AKIAROOT2", status: "Inactive" },
      ],
    },
  });
  org.addAccount({ id: MFA, name: "mfa", parentId: "ou-ex12-prod0001", rootCredentials: { mfaDevices: [`arn:aws:iam::${MFA}:mfa/root`] } });
  org.addAccount({ id: CERT, name: "cert, with comma", rootCredentials: { signingCertificates: [{ id: "CERT1", status: "Active" }] } });
  org.addAccount({ id: CLEAN, name: "clean", parentId: "ou-ex12-prod0001" });
  org.addAccount({ id: DENIED, name: "denied" });
  return org;
}

const denied = {
  operation: "sts:AssumeRoot",
  accountId: DENIED,
  status: 403,
  code: "AccessDenied",
  message: `User is not authorized to perform: sts:AssumeRoot on resource: arn:aws:iam::${DENIED}:root`,
};

describe("root-access audit on a mixed organization", () => {
  let fake: FakeAws;
  let report: any;
  let run: Awaited<ReturnType<typeof runCli>>;
  beforeAll(async () => {
    // Page size 3: the 9 accounts arrive in several ListAccounts pages.
    fake = await startFake(mixedOrganization(), { failures: [denied], accountsPageSize: 3 });
    // End to end, as a child process: real start-up, environment and pipes.
    run = await runCliProcess(["audit", "--format", "json"], fake.env());
    report = JSON.parse(run.stdout);
  });
  afterAll(() => fake.stop());

  it("reports every account exactly once, across pages, and exits 3 because one errored", () => {
    expect(run.code).toBe(3);
    expect(report.accounts.map((a: any) => a.accountId)).toEqual(["111111111111", SUSPENDED, PASSWORD, KEYS, MFA, CERT, CLEAN, DENIED]);
    expect(fake.callCount("organizations:ListAccounts")).toBe(3);
    expect(report.summary).toEqual({ total: 8, audited: 5, withRootCredentials: 4, skipped: 2, errors: 1 });
    expect(report.organizationId).toBe("o-exampleorgid");
    expect(Date.parse(report.generatedAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it("skips the management account and non-active accounts with a reason", () => {
    expect(report.accounts[0]).toEqual({
      accountId: "111111111111",
      name: "management",
      email: "aws+111111111111@example.com",
      state: "ACTIVE",
      status: "skipped",
      reason: "management account: not a target of root sessions",
    });
    expect(report.accounts[1]).toMatchObject({ accountId: SUSPENDED, state: "SUSPENDED", status: "skipped", reason: "account is SUSPENDED" });
  });

  it("reads each kind of root credential, with statuses, and arrays never null", () => {
    const byId = Object.fromEntries(report.accounts.map((a: any) => [a.accountId, a]));
    const empty = { loginProfile: false, accessKeys: [], mfaDevices: [], signingCertificates: [] };
    expect(byId[PASSWORD]).toMatchObject({ status: "audited", hasRootCredentials: true, rootCredentials: { ...empty, loginProfile: true } });
    expect(byId[KEYS].rootCredentials).toEqual({
      ...empty,
      accessKeys: [
        { id: "AKIAROOT1", status: "Active" },
        { id: "AKIAROOT2", status: "Inactive" },
      ],
    });
    expect(byId[MFA].rootCredentials).toEqual({ ...empty, mfaDevices: [`arn:aws:iam::${MFA}:mfa/root`] });
    expect(byId[CERT].rootCredentials).toEqual({ ...empty, signingCertificates: [{ id: "CERT1", status: "Active" }] });
    expect(byId[CLEAN]).toMatchObject({ status: "audited", hasRootCredentials: false, rootCredentials: empty });
  });

  it("reports a denied AssumeRoot as an error with the AWS code and message, never as clean", () => {
    const account = report.accounts.find((a: any) => a.accountId === DENIED);
    expect(account).toEqual({
      accountId: DENIED,
      name: "denied",
      email: `aws+${DENIED}@example.com`,
      state: "ACTIVE",
      status: "error",
      error: {
        code: "AccessDenied",
        message: `sts:AssumeRoot: AccessDenied: User is not authorized to perform: sts:AssumeRoot on resource: arn:aws:iam::${DENIED}:root`,
      },
    });
    expect(account.rootCredentials).toBeUndefined();
    expect(account.hasRootCredentials).toBeUndefined();
  });

  it("opens audit root sessions of at most 900 seconds on the member accounts only", () => {
    // The denied call is refused before the fake records it.
    expect(fake.callCount("sts:AssumeRoot")).toBe(6);
    const targets = fake.org.assumeRootCalls.map((c) => c.target).sort();
    expect(targets).toEqual([PASSWORD, KEYS, MFA, CERT, CLEAN].sort());
    for (const c of fake.org.assumeRootCalls) {
      expect(c.taskPolicyArn).toBe("arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials");
      expect(c.durationSeconds).toBe(900);
    }
  });

  it("prints no secret, and nothing but the report on stdout", () => {
    expect(run.stderr).toBe("");
    expect(run.stdout + run.stderr).not.toMatch(/ASIAFAKEROOT|FakeRootSessionToken|fake-secret/);
  });
});

describe("root-access audit formats, filters and exit codes", () => {
  let fake: FakeAws;
  beforeAll(async () => (fake = await startFake(mixedOrganization())));
  afterAll(() => fake.stop());

  it("writes CSV with one row per account and quoted cells", async () => {
    const run = await runCli(["audit", "--format", "csv"], fake.env());
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines[0]).toBe(
      "accountId,name,email,state,status,hasRootCredentials,loginProfile,accessKeys,mfaDevices,signingCertificates,reason,errorCode,errorMessage",
    );
    expect(lines).toHaveLength(9); // header + 8 accounts
    expect(lines).toContain(`${KEYS},keys,aws+${KEYS}@example.com,ACTIVE,audited,true,false,AKIAROOT1:Active AKIAROOT2:Inactive,,,,,`);
    expect(lines).toContain(`${CERT},"cert, with comma",aws+${CERT}@example.com,ACTIVE,audited,true,false,,,CERT1:Active,,,`);
    expect(lines).toContain(`${SUSPENDED},old,aws+${SUSPENDED}@example.com,SUSPENDED,skipped,,,,,,account is SUSPENDED,,`);
  });

  it("writes Markdown with a verdict, the summary and a table", async () => {
    const run = await runCli(["audit", "--format", "markdown"], fake.env());
    expect(run.stdout).toContain(
      "### Root credentials audit of o-exampleorgid: ❌ root credentials found\n\n8 accounts: 6 audited, 4 with root credentials, 2 skipped, 0 errors",
    );
    expect(run.stdout).toContain("| Account | Name | State | Status | Password | Access keys | MFA devices | Signing certificates | Note |");
    expect(run.stdout).toContain(`| ${KEYS} | keys | ACTIVE | audited | no | AKIAROOT1 (Active), AKIAROOT2 (Inactive) | none | none | has root credentials |`);
  });

  it("prints a compact table with the summary last", async () => {
    const run = await runCli(["audit"], fake.env());
    const lines = run.stdout.trim().split("\n");
    expect(lines.at(-1)).toBe("8 accounts: 6 audited, 4 with root credentials, 2 skipped, 0 errors");
    expect(lines.find((l) => l.includes(KEYS))).toMatch(/│ FOUND +│ - +│ 2 \(1 active\) +│/);
    expect(lines).toHaveLength(8 + 4); // top border, header, 8 accounts, bottom border, summary
  });

  it("exits 1 with --fail-on-credentials when any account has root credentials", async () => {
    const run = await runCli(["audit", "--fail-on-credentials", "--format", "json"], fake.env());
    expect(run.code).toBe(1);
  });

  it("exits 0 with --fail-on-credentials when the audited accounts are clean", async () => {
    const run = await runCli(["audit", "--fail-on-credentials", "--accounts", CLEAN, "--format", "json"], fake.env());
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).accounts.map((a: any) => a.accountId)).toEqual([CLEAN]);
  });

  it("audits the listed accounts only and reports unknown ones as skipped", async () => {
    const run = await runCli(["audit", "--accounts", `${PASSWORD},999999999999`, "--format", "json"], fake.env());
    const report = JSON.parse(run.stdout);
    expect(report.accounts.map((a: any) => [a.accountId, a.status, a.reason])).toEqual([
      [PASSWORD, "audited", undefined],
      ["999999999999", "skipped", "not a member account of this organization"],
    ]);
  });

  it("audits the accounts under an OU, recursively", async () => {
    const run = await runCli(["audit", "--ou", "ou-ex12-workload1", "--format", "json"], fake.env());
    expect(
      JSON.parse(run.stdout)
        .accounts.map((a: any) => a.accountId)
        .sort(),
    ).toEqual([KEYS, MFA, CLEAN].sort());
  });

  it("writes the report to --output and nothing to stdout", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "ra-audit-")), "report.json");
    const run = await runCli(["audit", "--format", "json", "--output", file], fake.env());
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(`wrote ${file}\n`);
    expect(JSON.parse(readFileSync(file, "utf8")).summary.total).toBe(8);
  });

  it.each([
    [
      ["--accounts", "12345"],
      `error: option '--accounts <ids>' argument '12345' is invalid. "12345" is not an AWS account ID; expected 12 digits (comma-separated for several)`,
    ],
    [["--concurrency", "1000"], "error: option '--concurrency <n>' argument '1000' is invalid. expected a whole number from 1 to 256"],
    [["--ou", "sales"], "error: option '--ou <id>' argument 'sales' is invalid. expected an OU ID (ou-xxxx-xxxxxxxx) or a root ID (r-xxxx)"],
    [["--format", "xml"], "error: option '--format <format>' argument 'xml' is invalid. Allowed choices are table, json, csv, markdown, html."],
    [["--accounts", CLEAN, "--ou", "r-ex12"], "error: option '--accounts <ids>' cannot be used with option '--ou <id>'"],
    [
      ["--region", "us-east1"],
      `error: option '--region <region>' argument 'us-east1' is invalid. "us-east1" is not an AWS region; expected a region code such as us-east-1`,
    ],
  ])("refuses %j with one line and exit 2", async (args, message) => {
    const run = await runCli(["audit", ...args], fake.env());
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`${message}\n`);
  });
});

describe("root-access audit refuses an organization where it cannot run", () => {
  it.each([
    [
      "RootCredentialsManagement",
      'root-access: RootCredentialsManagement is not enabled in this organization: deploy the stack (cdktf deploy) with it in "features", then audit again',
    ],
    [
      "RootSessions",
      'root-access: RootSessions is not enabled in this organization: the audit opens root sessions (sts:AssumeRoot); deploy the stack with it in "features", then audit again',
    ],
  ] as const)("says what to do when %s is off", async (feature, message) => {
    const org = mixedOrganization();
    org.iamFeatures.delete(feature);
    const fake = await startFake(org);
    try {
      const run = await runCli(["audit"], fake.env());
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(`${message}\n`);
      expect(fake.callCount("sts:AssumeRoot")).toBe(0);
    } finally {
      await fake.stop();
    }
  });

  it("exits 2 (a setup problem, as the README says) when IAM trusted access is off", async () => {
    const org = mixedOrganization();
    org.servicePrincipals.delete("iam.amazonaws.com");
    const fake = await startFake(org);
    try {
      const run = await runCli(["audit"], fake.env());
      expect(run.stderr).toBe(
        "root-access: iam:ListOrganizationsFeatures: IAM trusted access is not enabled: deploy the stack or run `aws organizations enable-aws-service-access --service-principal iam.amazonaws.com` (then audit again)\n",
      );
      expect(run.code).toBe(2);
      expect(fake.callCount("sts:AssumeRoot")).toBe(0);
    } finally {
      await fake.stop();
    }
  });
});

describe("root-access audit's connections", () => {
  it("carries every root session's calls over one keep-alive pool: far fewer connections than sessions", async () => {
    const org = organizationWithMembers(120);
    const fake = await startFake(org);
    try {
      const run = await runCli(["audit", "--format", "json", "--concurrency", "4"], fake.env());
      expect(JSON.parse(run.stdout).summary.audited).toBe(120);
      expect(fake.callCount("sts:AssumeRoot")).toBe(120);
      // 4 sessions at a time with 4 reads each need about 16 connections to IAM; one per session would be 120 and more.
      expect(fake.connections).toBeLessThanOrEqual(30);
    } finally {
      await fake.stop();
    }
  });
});

describe("root-access audit under throttling and faults", () => {
  itWaits("loses no account to AssumeRoot throttling bursts, injected 5xx faults and IAM throttling", async () => {
    const org = organizationWithMembers(60);
    const fake = await startFake(org, {
      rateLimits: { "sts:AssumeRoot": 10 },
      failures: [
        { operation: "sts:AssumeRoot", code: "InternalFailure", status: 500, every: 7 },
        { operation: "iam:ListAccessKeys", code: "Throttling", every: 5 },
        { operation: "iam:GetLoginProfile", code: "ServiceUnavailable", status: 503, every: 11 },
        { operation: "organizations:ListAccounts", code: "TooManyRequestsException", every: 3 },
      ],
    });
    try {
      const run = await runCli(["audit", "--format", "json", "--concurrency", "64"], fake.env());
      const report = JSON.parse(run.stdout);
      expect(report.summary).toEqual({ total: 61, audited: 60, withRootCredentials: 0, skipped: 1, errors: 0 });
      expect(new Set(report.accounts.map((a: any) => a.accountId)).size).toBe(61);
      expect(fake.throttled.get("sts:AssumeRoot") ?? 0).toBeGreaterThan(0);
      expect(run.code).toBe(0);
    } finally {
      await fake.stop();
    }
  });
});

(terminalAvailable ? describe : describe.skip)(`root-access audit on a terminal${terminalAvailable ? "" : terminalSkipped}`, () => {
  it("draws a progress bar on stderr, then the report", async () => {
    // Page size 5: the 41 accounts arrive in 9 pages, so the bar is drawn while accounts are still being listed.
    const fake = await startFake(organizationWithMembers(40), { latencyMs: 20, accountsPageSize: 5 });
    try {
      const run = await runCliOnTerminal(["audit", "--concurrency", "4", "--no-color"], fake.env());
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/auditing .* \d+\/\d+ accounts \| 0 errors \| [\d.]+\/s/);
      // Before the last ListAccounts page, the total is unknown: a count, not a bar that looks full.
      expect(run.stdout).toMatch(/auditing \d+ accounts so far, listing accounts\.\.\. \| \d+ errors/);
      expect(run.stdout).not.toContain("1/1 accounts");
      expect(run.stdout).toContain("41 accounts: 40 audited, 0 with root credentials, 1 skipped, 0 errors");
    } finally {
      await fake.stop();
    }
  });
});
