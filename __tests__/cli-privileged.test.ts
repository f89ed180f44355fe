// The four privileged actions end to end: real CLI, real SDK, the local fake with task-policy limits.
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli, runCliOnTerminal, runCliProcess, terminalAvailable, terminalSkipped } from "./support/cli";
import { FakeAccount, FakeAws, FakeOrganization, startFake } from "../tools/fake-aws";
import { itWaits } from "./support/fast";

const MEMBER = "222222222222";
const OTHER = "333333333333";
const SUSPENDED = "444444444444";
const LOCKED = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::locked-bucket/*"}]}';
const QUEUE_POLICY = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"sqs:*","Resource":"*"}]}';

function organization(): { org: FakeOrganization; member: FakeAccount; other: FakeAccount } {
  const org = new FakeOrganization().enableRootAccess();
  const member = org.addAccount({
    id: MEMBER,
    name: "member",
    rootCredentials: {
      loginProfile: true,
      accessKeys: [
        { id: "AKIAROOT1", status: "Active" },
        { id: "AKIAROOT2", status: "Inactive" },
      ],
      mfaDevices: [`arn:aws:iam::${MEMBER}:mfa/root-device`],
      signingCertificates: [{ id: "CERT1", status: "Active" }],
    },
  });
  const other = org.addAccount({ id: OTHER, name: "other", rootCredentials: { accessKeys: [{ id: "AKIAOTHER", status: "Active" }] } });
  org.addAccount({ id: SUSPENDED, state: "SUSPENDED" });
  member.buckets.set("locked-bucket", LOCKED);
  member.buckets.set("open-bucket", undefined);
  return { org, member, other };
}

const tmp = () => mkdtempSync(join(tmpdir(), "ra-priv-"));
const readLog = (file: string) =>
  readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
const SECRETS = /ASIAFAKEROOT|FakeRootSessionToken|fake-secret/;

describe("delete-root-credentials", () => {
  let fake: FakeAws;
  let member: FakeAccount;
  let other: FakeAccount;
  beforeEach(async () => {
    const o = organization();
    ({ member, other } = o);
    fake = await startFake(o.org);
  });
  afterEach(() => fake.stop());

  it("without --yes and without a terminal prints the plan, refuses with exit 1 and changes nothing", async () => {
    const log = join(tmp(), "actions.jsonl");
    const run = await runCli(["delete-root-credentials", "--account", MEMBER, "--action-log", log], fake.env());
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      [
        "Plan (IAMDeleteRootUserCredentials root sessions):",
        `  ${MEMBER}  delete login-profile`,
        `  ${MEMBER}  delete access-keys AKIAROOT1`,
        `  ${MEMBER}  delete access-keys AKIAROOT2`,
        `  ${MEMBER}  delete mfa-devices arn:aws:iam::${MEMBER}:mfa/root-device`,
        `  ${MEMBER}  delete signing-certificates CERT1`,
        "",
      ].join("\n"),
    );
    expect(run.stderr).toBe("root-access: not confirmed: re-run with --yes\n");
    expect(member.rootCredentials.accessKeys).toHaveLength(2);
    // The plan is read in a delete session (that task policy allows the reads): a delete-only role works.
    expect(fake.org.assumeRootCalls.map((c) => c.taskPolicyArn.split("/").pop())).toEqual(["IAMDeleteRootUserCredentials"]);
    expect(readLog(log)).toEqual([expect.objectContaining({ account: MEMBER, action: "confirm", result: "not confirmed" })]);
  });

  it("with --dry-run and nothing to delete says so and claims no action log", async () => {
    const log = join(tmp(), "a.jsonl");
    const run = await runCli(["delete-root-credentials", "--account", OTHER, "--only", "login-profile", "--dry-run", "--action-log", log], fake.env());
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain("action log");
    // The log is opened (so checked) before any AWS call, and nothing is written to it.
    expect(existsSync(log) ? readFileSync(log, "utf8") : "").toBe("");
  });

  it("with --dry-run prints the same plan and exits 0 without deleting", async () => {
    const run = await runCli(["delete-root-credentials", "--account", MEMBER, "--dry-run", "--action-log", join(tmp(), "a.jsonl")], fake.env());
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`  ${MEMBER}  delete login-profile\n`);
    expect(run.stderr).toBe("dry run: nothing was changed (run again with --yes to do it)\n");
    expect(member.rootCredentials.loginProfile).toBe(true);
  });

  it("with --yes deletes every item in one delete session, verifies by auditing again, and logs each step", async () => {
    const log = join(tmp(), "actions.jsonl");
    const run = await runCliProcess(["delete-root-credentials", "--account", `${MEMBER},${OTHER}`, "--yes", "--action-log", log], fake.env());
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      [
        "Result:",
        `  ${MEMBER}  login-profile: deleted`,
        `  ${MEMBER}  access-keys AKIAROOT1: deleted`,
        `  ${MEMBER}  access-keys AKIAROOT2: deleted`,
        `  ${MEMBER}  mfa-devices arn:aws:iam::${MEMBER}:mfa/root-device: deleted`,
        `  ${MEMBER}  signing-certificates CERT1: deleted`,
        `  ${MEMBER}  verified: no root credentials of the selected kinds remain`,
        `  ${OTHER}  access-keys AKIAOTHER: deleted`,
        `  ${OTHER}  verified: no root credentials of the selected kinds remain`,
      ].join("\n"),
    );
    expect(member.rootCredentials).toEqual({ loginProfile: false, accessKeys: [], mfaDevices: [], signingCertificates: [] });
    expect(other.rootCredentials.accessKeys).toEqual([]);
    const sessions = fake.org.assumeRootCalls.map((c) => `${c.target} ${c.taskPolicyArn.split("/").pop()} ${c.durationSeconds}`).sort();
    expect(sessions).toEqual([
      `${MEMBER} IAMDeleteRootUserCredentials 900`,
      `${MEMBER} IAMDeleteRootUserCredentials 900`,
      `${OTHER} IAMDeleteRootUserCredentials 900`,
      `${OTHER} IAMDeleteRootUserCredentials 900`,
    ]);
    const entries = readLog(log);
    expect(entries.filter((e) => e.account === MEMBER).map((e) => [e.action, e.target, e.result])).toEqual([
      ["confirm", undefined, "confirmed (--yes)"],
      ["delete-login-profile", undefined, "attempt"],
      ["delete-login-profile", undefined, "deleted"],
      ["delete-access-key", "AKIAROOT1", "attempt"],
      ["delete-access-key", "AKIAROOT1", "deleted"],
      ["delete-access-key", "AKIAROOT2", "attempt"],
      ["delete-access-key", "AKIAROOT2", "deleted"],
      ["delete-mfa-device", `arn:aws:iam::${MEMBER}:mfa/root-device`, "attempt"],
      ["delete-mfa-device", `arn:aws:iam::${MEMBER}:mfa/root-device`, "deleted"],
      ["delete-signing-certificate", "CERT1", "attempt"],
      ["delete-signing-certificate", "CERT1", "deleted"],
      ["verify", undefined, "none left"],
    ]);
    expect(entries.find((e) => e.action === "delete-login-profile" && e.result !== "attempt")).toEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      caller: { accountId: "111111111111", arn: "arn:aws:iam::111111111111:user/fake-operator" },
      account: MEMBER,
      taskPolicy: "IAMDeleteRootUserCredentials",
      action: "delete-login-profile",
      result: "deleted",
    });
    expect(run.stdout + run.stderr + readFileSync(log, "utf8")).not.toMatch(SECRETS);
  });

  it("deletes only the kinds given with --only", async () => {
    const run = await runCli(
      ["delete-root-credentials", "--account", MEMBER, "--only", "access-keys,signing-certificates", "--yes", "--action-log", join(tmp(), "a.jsonl")],
      fake.env(),
    );
    expect(run.code).toBe(0);
    expect(member.rootCredentials).toEqual({
      loginProfile: true,
      accessKeys: [],
      mfaDevices: [`arn:aws:iam::${MEMBER}:mfa/root-device`],
      signingCertificates: [],
    });
  });

  itWaits("reports a failed item and what remains, exit 1", async () => {
    await fake.stop();
    const o = organization();
    member = o.member;
    fake = await startFake(o.org, { failures: [{ operation: "iam:DeleteAccessKey", code: "ServiceFailure", status: 500, message: "boom" }] });
    const run = await runCli(["delete-root-credentials", "--account", MEMBER, "--yes", "--action-log", join(tmp(), "a.jsonl")], fake.env());
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`  ${MEMBER}  access-keys AKIAROOT1: failed (ServiceFailure: iam:DeleteAccessKey: ServiceFailure: boom)`);
    expect(run.stdout).toContain(`  ${MEMBER}  still present: access-keys AKIAROOT1`);
    expect(run.stdout).toContain(`  ${MEMBER}  login-profile: deleted`);
  });

  it("reports an account whose audit failed as failed, never as deleted", async () => {
    await fake.stop();
    const o = organization();
    fake = await startFake(o.org, { failures: [{ operation: "iam:ListMFADevices", accountId: OTHER, code: "AccessDenied", status: 403, message: "denied" }] });
    const run = await runCli(["delete-root-credentials", "--account", `${MEMBER},${OTHER}`, "--yes", "--action-log", join(tmp(), "a.jsonl")], fake.env());
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`  ${OTHER}  cannot audit: AccessDenied: iam:ListMFADevices: AccessDenied: denied (nothing will be deleted here)`);
    expect(run.stdout).toContain(`  ${OTHER}  failed: AccessDenied: iam:ListMFADevices: AccessDenied: denied`);
    expect(run.stdout).not.toMatch(new RegExp(`^  ${OTHER}  .*: deleted$`, "m"));
    expect(o.other.rootCredentials.accessKeys).toHaveLength(1);
    expect(run.stdout).toContain(`  ${MEMBER}  verified: no root credentials of the selected kinds remain`);
  });
});

describe("refusals before any root session", () => {
  let fake: FakeAws;
  beforeAll(async () => (fake = await startFake(organization().org)));
  afterAll(() => fake.stop());

  it.each([
    [
      ["delete-root-credentials", "--account", "111111111111", "--yes"],
      "root-access: 111111111111 is the management account: root sessions cannot target it (use its own root user, with MFA)",
    ],
    [["allow-password-recovery", "--account", "999999999999", "--yes"], "root-access: 999999999999 is not a member account of the organization o-exampleorgid"],
    [
      ["unlock-s3-bucket-policy", "--account", SUSPENDED, "--bucket", "locked-bucket", "--yes"],
      `root-access: ${SUSPENDED} (account-${SUSPENDED}) is SUSPENDED: only ACTIVE accounts can be acted on`,
    ],
  ])("%j", async (args, message) => {
    const before = fake.callCount("sts:AssumeRoot");
    const run = await runCli([...args, "--action-log", join(tmp(), "a.jsonl")], fake.env());
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`${message}\n`);
    expect(fake.callCount("sts:AssumeRoot")).toBe(before);
  });

  it("refuses when RootSessions is not enabled", async () => {
    const o = organization();
    o.org.iamFeatures.delete("RootSessions");
    const own = await startFake(o.org);
    try {
      const run = await runCli(
        ["unlock-s3-bucket-policy", "--account", MEMBER, "--bucket", "locked-bucket", "--yes", "--action-log", join(tmp(), "a.jsonl")],
        own.env(),
      );
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        'root-access: RootSessions is not enabled in the organization o-exampleorgid: privileged root actions need it; deploy the stack with "RootSessions" in features\n',
      );
    } finally {
      await own.stop();
    }
  });

  it.each([
    [
      ["delete-root-credentials", "--account", MEMBER, "--only", "passwords"],
      `error: option '--only <kinds>' argument 'passwords' is invalid. "passwords" is not a credential kind; expected login-profile, access-keys, mfa-devices, signing-certificates (comma-separated)`,
    ],
    [
      ["allow-password-recovery", "--account", `${MEMBER},${OTHER}`],
      "error: option '--account <id>' argument '222222222222,333333333333' is invalid. expected one account ID",
    ],
    [["unlock-s3-bucket-policy", "--account", MEMBER], "root-access: required option '--bucket <name>' not specified (or --restore FILE, which names it)"],
    [
      ["unlock-sqs-queue-policy", "--account", MEMBER, "--queue-url", "my-queue"],
      "error: option '--queue-url <url>' argument 'my-queue' is invalid. expected a queue URL such as https://sqs.us-east-1.amazonaws.com/123456789012/my-queue",
    ],
    [["delete-root-credentials", "--account", MEMBER, "--yes", "--dry-run"], "error: option '--dry-run' cannot be used with option '--yes'"],
    [
      ["delete-root-credentials", "--account", `12345,${MEMBER},2222x`],
      `error: option '--account <id>' argument '12345,${MEMBER},2222x' is invalid. "12345", "2222x" are not AWS account IDs; expected 12 digits each (comma-separated)`,
    ],
  ])("refuses usage %j with one line, exit 2", async (args, message) => {
    const run = await runCli(args, fake.env());
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`${message}\n`);
  });
});

describe("allow-password-recovery", () => {
  it("creates the login profile once, then reports it as already allowed", async () => {
    const o = organization();
    o.member.rootCredentials.loginProfile = false;
    const fake = await startFake(o.org);
    try {
      const log = join(tmp(), "a.jsonl");
      const first = await runCli(["allow-password-recovery", "--account", MEMBER, "--yes", "--action-log", log], fake.env());
      expect(first.code).toBe(0);
      expect(first.stdout).toContain("the account's root email inbox is still needed");
      expect(first.stdout).toContain(`${MEMBER}  allowed: use "Forgot password" with the root email address to set a password`);
      expect(o.member.rootCredentials.loginProfile).toBe(true);
      const second = await runCli(["allow-password-recovery", "--account", MEMBER, "--yes", "--action-log", log], fake.env());
      expect(second.stdout).toContain(`${MEMBER}  already allowed`);
      expect(fake.org.assumeRootCalls.every((c) => c.taskPolicyArn.endsWith("/IAMCreateRootUserPassword"))).toBe(true);
      expect(
        readLog(log)
          .filter((e) => e.action === "create-login-profile")
          .map((e) => e.result),
      ).toEqual(["attempt", "allowed", "attempt", "already allowed"]);
    } finally {
      await fake.stop();
    }
  });
});

describe("unlock-s3-bucket-policy and unlock-sqs-queue-policy", () => {
  let fake: FakeAws;
  let member: FakeAccount;
  let queueUrl: string;
  beforeEach(async () => {
    const o = organization();
    member = o.member;
    fake = await startFake(o.org);
    queueUrl = `${fake.url}/${MEMBER}/locked-queue`;
    member.queues.set(queueUrl, QUEUE_POLICY);
  });
  afterEach(() => fake.stop());

  it("shows the policy, saves a 0600 backup first, deletes it, confirms it is gone, and restores it from the backup", async () => {
    const dir = tmp();
    const backups = join(dir, "backups");
    const log = join(dir, "a.jsonl");
    const run = await runCli(
      ["unlock-s3-bucket-policy", "--account", MEMBER, "--bucket", "locked-bucket", "--yes", "--backup-dir", backups, "--action-log", log],
      fake.env(),
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Current policy of bucket locked-bucket in ${MEMBER}:\n${LOCKED}\n`);
    expect(member.buckets.get("locked-bucket")).toBeUndefined();
    const [file] = readdirSync(backups);
    const path = join(backups, file);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual({
      kind: "s3-bucket-policy",
      accountId: MEMBER,
      bucket: "locked-bucket",
      savedAt: expect.any(String),
      policy: LOCKED,
    });
    expect(run.stdout).toContain(`policy deleted (backup: ${path}; put it back with --restore ${path})`);
    expect(fake.callCount("s3:GetBucketPolicy")).toBe(2);

    // The hint as printed: the backup names the account and the bucket.
    const restore = await runCli(["unlock-s3-bucket-policy", "--restore", path, "--yes", "--action-log", log], fake.env());
    expect(restore.stderr).not.toContain("root-access:");
    expect(restore.code).toBe(0);
    expect(restore.stdout).toContain(`bucket locked-bucket in ${MEMBER}: policy restored`);
    expect(member.buckets.get("locked-bucket")).toBe(LOCKED);
    expect(readLog(log).map((e) => [e.taskPolicy, e.action, e.result])).toEqual([
      [undefined, "confirm", "confirmed (--yes)"],
      ["S3UnlockBucketPolicy", "backup-s3-bucket-policy", "attempt"],
      ["S3UnlockBucketPolicy", "backup-s3-bucket-policy", path],
      ["S3UnlockBucketPolicy", "delete-s3-bucket-policy", "attempt"],
      ["S3UnlockBucketPolicy", "delete-s3-bucket-policy", "removed"],
      [undefined, "confirm", "confirmed (--yes)"],
      // Nothing to keep first: the bucket has no policy now.
      ["S3UnlockBucketPolicy", "restore-s3-bucket-policy", "attempt"],
      ["S3UnlockBucketPolicy", "restore-s3-bucket-policy", "restored"],
    ]);
  });

  it("never overwrites a backup", async () => {
    const backups = join(tmp(), "b");
    for (let i = 0; i < 2; i++) {
      member.buckets.set("locked-bucket", LOCKED);
      const run = await runCli(
        ["unlock-s3-bucket-policy", "--account", MEMBER, "--bucket", "locked-bucket", "--yes", "--backup-dir", backups, "--action-log", join(tmp(), "a.jsonl")],
        fake.env(),
      );
      expect(run.code).toBe(0);
    }
    expect(readdirSync(backups)).toHaveLength(2);
  });

  it("does nothing when the bucket has no policy", async () => {
    const run = await runCli(
      [
        "unlock-s3-bucket-policy",
        "--account",
        MEMBER,
        "--bucket",
        "open-bucket",
        "--yes",
        "--backup-dir",
        join(tmp(), "b"),
        "--action-log",
        join(tmp(), "a.jsonl"),
      ],
      fake.env(),
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`bucket open-bucket in ${MEMBER} has no policy: nothing to unlock`);
  });

  it("without --yes shows the policy and stops before any backup or change", async () => {
    const backups = join(tmp(), "b");
    const run = await runCli(
      ["unlock-s3-bucket-policy", "--account", MEMBER, "--bucket", "locked-bucket", "--backup-dir", backups, "--action-log", join(tmp(), "a.jsonl")],
      fake.env(),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(LOCKED);
    expect(existsSync(backups)).toBe(false);
    expect(member.buckets.get("locked-bucket")).toBe(LOCKED);
  });

  it("refuses a backup of another bucket", async () => {
    const file = join(tmp(), "backup.json");
    writeFileSync(
      file,
      JSON.stringify({ kind: "s3-bucket-policy", accountId: MEMBER, bucket: "other-bucket", savedAt: "2026-01-01T00:00:00Z", policy: LOCKED }),
    );
    // Its own action log: the log is opened (empty) before the backup is read and refused.
    const run = await runCli(
      ["unlock-s3-bucket-policy", "--account", MEMBER, "--bucket", "locked-bucket", "--restore", file, "--yes", "--action-log", join(tmp(), "a.jsonl")],
      fake.env(),
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `root-access: ${file}: the backup is for s3-bucket-policy of other-bucket in ${MEMBER}, not for bucket locked-bucket in ${MEMBER}\n`,
    );
  });

  it.each([
    [
      "--account of another account than the backup's",
      ["unlock-s3-bucket-policy", "--account", OTHER],
      (f: string) => `${f}: the backup is for s3-bucket-policy of locked-bucket in ${MEMBER}, not for bucket locked-bucket in ${OTHER}`,
    ],
    [
      "the other unlock command",
      ["unlock-sqs-queue-policy"],
      (f: string) => `${f}: the backup is a s3-bucket-policy backup: restore it with unlock-s3-bucket-policy`,
    ],
  ])("--restore FILE refuses %s before any AWS call", async (_what, args, message) => {
    const file = join(tmp(), "backup.json");
    writeFileSync(
      file,
      JSON.stringify({ kind: "s3-bucket-policy", accountId: MEMBER, bucket: "locked-bucket", savedAt: "2026-01-01T00:00:00Z", policy: LOCKED }),
    );
    const run = await runCli([...args, "--restore", file, "--yes", "--action-log", join(tmp(), "a.jsonl")], fake.env());
    expect(run.stderr).toBe(`root-access: ${message(file)}\n`);
    expect(run.code).toBe(2);
    expect([fake.callCount("sts:GetCallerIdentity"), fake.org.assumeRootCalls.length]).toEqual([0, 0]);
  });

  it("without --restore still requires --account and --bucket, each named", async () => {
    const noAccount = await runCli(["unlock-s3-bucket-policy", "--bucket", "locked-bucket", "--yes"], fake.env());
    expect([noAccount.code, noAccount.stderr]).toEqual([
      2,
      "root-access: required option '--account <id>' not specified (or --restore FILE, which names it)\n",
    ]);
    const noBucket = await runCli(["unlock-s3-bucket-policy", "--account", MEMBER, "--yes"], fake.env());
    expect([noBucket.code, noBucket.stderr]).toEqual([2, "root-access: required option '--bucket <name>' not specified (or --restore FILE, which names it)\n"]);
  });

  it("refuses a queue URL of another account than --account before any AWS call", async () => {
    const url = `${fake.url}/${OTHER}/locked-queue`;
    const run = await runCli(["unlock-sqs-queue-policy", "--account", MEMBER, "--queue-url", url, "--yes", "--action-log", join(tmp(), "a.jsonl")], fake.env());
    expect(run.stderr).toBe(`root-access: the queue ${url} is in account ${OTHER}, not in --account ${MEMBER}\n`);
    expect(run.code).toBe(2);
    expect([fake.callCount("sts:GetCallerIdentity"), fake.org.assumeRootCalls.length]).toEqual([0, 0]);
  });

  it("unlocks and restores a queue policy with an SQSUnlockQueuePolicy session", async () => {
    const backups = join(tmp(), "b");
    const run = await runCli(
      ["unlock-sqs-queue-policy", "--account", MEMBER, "--queue-url", queueUrl, "--yes", "--backup-dir", backups, "--action-log", join(tmp(), "a.jsonl")],
      fake.env(),
    );
    expect(run.code).toBe(0);
    expect(member.queues.get(queueUrl)).toBeUndefined();
    const [file] = readdirSync(backups);
    expect(JSON.parse(readFileSync(join(backups, file), "utf8"))).toMatchObject({ kind: "sqs-queue-policy", queueUrl, policy: QUEUE_POLICY });
    const restore = await runCli(
      [
        "unlock-sqs-queue-policy",
        "--account",
        MEMBER,
        "--queue-url",
        queueUrl,
        "--restore",
        join(backups, file),
        "--yes",
        "--action-log",
        join(tmp(), "a.jsonl"),
      ],
      fake.env(),
    );
    expect(restore.code).toBe(0);
    expect(member.queues.get(queueUrl)).toBe(QUEUE_POLICY);
    expect(fake.org.assumeRootCalls.every((c) => c.taskPolicyArn.endsWith("/SQSUnlockQueuePolicy"))).toBe(true);
    expect(run.stdout + run.stderr).not.toMatch(SECRETS);
  });
});

(terminalAvailable ? describe : describe.skip)(`confirmation on a terminal${terminalAvailable ? "" : terminalSkipped}`, () => {
  it.each([
    ["y", 0, true],
    ["n", 1, false],
  ] as const)("answering %s names the account, then acts (or not)", async (answer, code, created) => {
    const o = organization();
    o.member.rootCredentials.loginProfile = false;
    const fake = await startFake(o.org);
    try {
      const log = join(tmp(), "a.jsonl");
      const run = await runCliOnTerminal(["allow-password-recovery", "--account", MEMBER, "--action-log", log], fake.env(), answer);
      expect(run.stdout).toContain(`Allow root password recovery in ${MEMBER}?`);
      expect(run.code).toBe(code);
      expect(o.member.rootCredentials.loginProfile).toBe(created);
      expect(readLog(log)[0]).toMatchObject({ action: "confirm", result: created ? "confirmed (terminal)" : "not confirmed" });
    } finally {
      await fake.stop();
    }
  });

  it("Ctrl-C at the question is a refusal: not confirmed, nothing done, logged, exit 130", async () => {
    const o = organization();
    o.member.rootCredentials.loginProfile = false;
    const fake = await startFake(o.org);
    try {
      const log = join(tmp(), "a.jsonl");
      const run = await runCliOnTerminal(["allow-password-recovery", "--account", MEMBER, "--action-log", log], fake.env(), "ctrl-c");
      expect(run.code).toBe(130);
      expect(run.stdout).toContain("root-access: not confirmed (interrupted): nothing was changed");
      expect(run.stdout).not.toContain("internal error");
      expect(o.member.rootCredentials.loginProfile).toBe(false);
      expect(readLog(log)).toEqual([expect.objectContaining({ account: MEMBER, action: "confirm", result: "not confirmed" })]);
    } finally {
      await fake.stop();
    }
  });
});
