// remediate plan / apply end to end: the real CLI and SDK against the local fake, with OUs,
// recently used keys, active certificates, and a hand-edited plan.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FakeAccount, FakeAws, FakeOrganization, startFake } from "../tools/fake-aws";
import { seedReadinessShapes } from "../tools/fake-aws/readiness-shapes";
import { runCli, runCliOnTerminal, terminalAvailable, terminalSkipped } from "./support/cli";
import { withIntegrity } from "../lib/cli/io/remediation-plan-file";

const PROD = "222222222222";
const DEV = "333333333333";
const SANDBOX = "444444444444";
const CLEAN = "555555555555";
const SUSPENDED = "666666666666";
const OU_PROD = "ou-ex12-prod0001";
const OU_DEV = "ou-ex12-dev00001";
const DAY = 86_400_000;
// One "now" for the file: every organization() holds the same dates, so a plan made from one fits the next.
const NOW = Date.now();
const daysAgo = (n: number) => new Date(NOW - n * DAY).toISOString().replace(/\.\d{3}Z$/, "Z");

function organization(): FakeOrganization {
  const org = new FakeOrganization().enableRootAccess();
  org.addOrganizationalUnit(OU_PROD, "prod");
  org.addOrganizationalUnit(OU_DEV, "dev");
  org.addAccount({
    id: PROD,
    name: "payments-prod",
    parentId: OU_PROD,
    rootCredentials: {
      loginProfile: true,
      accessKeys: [
        { id: "AKIAPRODOLD", status: "Active", lastUsed: { date: daysAgo(400), service: "s3", region: "us-east-1" } },
        { id: "AKIAPRODUSED", status: "Active", lastUsed: { date: daysAgo(3), service: "ec2", region: "eu-west-1" } },
      ],
      mfaDevices: [`arn:aws:iam::${PROD}:mfa/root-device`],
      signingCertificates: [
        { id: "CERTACTIVE", status: "Active" },
        { id: "CERTINACTIVE", status: "Inactive" },
      ],
    },
  });
  org.addAccount({ id: DEV, name: "dev", parentId: OU_DEV, rootCredentials: { loginProfile: true, accessKeys: [{ id: "AKIADEVNEVER", status: "Inactive" }] } });
  org.addAccount({ id: SANDBOX, name: "sandbox <b>|x|</b>", rootCredentials: { loginProfile: true } });
  org.addAccount({ id: CLEAN, name: "clean" });
  org.addAccount({ id: SUSPENDED, state: "SUSPENDED", rootCredentials: { loginProfile: true } });
  return org;
}

/** What the fake's root users hold, comparable before and after. */
function snapshot(org: FakeOrganization): Record<string, unknown> {
  return Object.fromEntries([...org.accounts.values()].map((a: FakeAccount) => [a.id, JSON.parse(JSON.stringify(a.rootCredentials))]));
}

const tmp = () => mkdtempSync(join(tmpdir(), "ra-remediate-"));
const readJson = (file: string) => JSON.parse(readFileSync(file, "utf8"));
const lines = (file: string) =>
  readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));

describe("remediate plan", () => {
  let fake: FakeAws;
  beforeEach(async () => (fake = await startFake(organization())));
  afterEach(() => fake.stop());

  it("writes the plan with dates and last use, holds back recent keys and active certificates, and changes nothing", async () => {
    const before = snapshot(fake.org);
    const dir = tmp();
    const plan = join(dir, "plan.json");
    const run = await runCli(["remediate", "plan", "--output", plan], fake.env());
    expect(run.stderr).toContain(`wrote ${plan}: 7 items to delete in 3 accounts, 2 held back`);
    expect(run.code).toBe(0);
    expect(snapshot(fake.org)).toEqual(before);
    // Audit sessions only: the plan never opens a delete session.
    expect(new Set(fake.org.assumeRootCalls.map((c) => c.taskPolicyArn.split("/").pop()))).toEqual(new Set(["IAMAuditRootUserCredentials"]));
    const p = readJson(plan);
    expect(Object.keys(p)).toEqual(["formatVersion", "organizationId", "createdAt", "caller", "selection", "accounts", "summary", "integrity"]);
    expect(p.formatVersion).toBe(1);
    expect(p.organizationId).toBe("o-exampleorgid");
    expect(p.selection).toEqual({
      accounts: null,
      ou: null,
      only: ["login-profile", "access-keys", "mfa-devices", "signing-certificates"],
      keepUsedWithinDays: 90,
      includeActiveCertificates: false,
      prediction: "used",
    });
    const prod = p.accounts.find((a: { accountId: string }) => a.accountId === PROD);
    expect(prod).toEqual({
      accountId: PROD,
      name: "payments-prod",
      ouPath: "Root/prod",
      items: [
        { kind: "login-profile", id: null, createdAt: "2024-01-01T00:00:00.000Z", lastUsed: null },
        { kind: "access-keys", id: "AKIAPRODOLD", createdAt: "2024-01-01T00:00:00.000Z", lastUsed: expect.stringMatching(/^\d{4}-/) },
        { kind: "mfa-devices", id: `arn:aws:iam::${PROD}:mfa/root-device`, createdAt: "2024-01-01T00:00:00.000Z", lastUsed: null },
        { kind: "signing-certificates", id: "CERTINACTIVE", createdAt: "2024-01-01T00:00:00.000Z", lastUsed: null },
      ],
      heldBack: [
        { kind: "access-keys", id: "AKIAPRODUSED", reason: expect.stringMatching(/^used 3 days ago \(\d{4}-\d{2}-\d{2}, ec2 in eu-west-1\), within 90 days/) },
        { kind: "signing-certificates", id: "CERTACTIVE", reason: expect.stringContaining("active signing certificate") },
      ],
      blocked: null,
      error: null,
      prediction: { verdict: "ready" },
    });
    expect(p.summary).toEqual({
      accounts: 4,
      accountsWithItems: 3,
      items: 7,
      heldBack: 2,
      blocked: 0,
      errors: 0,
      skipped: [
        { accountId: "111111111111", name: "management", reason: "management account: not a target of root sessions" },
        { accountId: SUSPENDED, name: `account-${SUSPENDED}`, reason: "account is SUSPENDED" },
      ],
    });
    expect(p.integrity.planned).toHaveLength(7);
  });

  it("--keep-used-within 0 and --include-active-certificates plan everything", async () => {
    const run = await runCli(
      ["remediate", "plan", "--accounts", PROD, "--keep-used-within", "0", "--include-active-certificates", "--format", "json"],
      fake.env(),
    );
    expect(run.code).toBe(0);
    const p = JSON.parse(run.stdout);
    expect(p.accounts[0].items.map((i: { id: string | null }) => i.id)).toEqual([
      null,
      "AKIAPRODOLD",
      "AKIAPRODUSED",
      `arn:aws:iam::${PROD}:mfa/root-device`,
      "CERTACTIVE",
      "CERTINACTIVE",
    ]);
    expect(p.accounts[0].heldBack).toEqual([]);
  });

  it("for one OU audits nothing outside it, and its apply changes nothing outside it", async () => {
    const dir = tmp();
    const plan = join(dir, "plan.json");
    const run = await runCli(["remediate", "plan", "--ou", OU_PROD, "--format", "json", "--output", plan], fake.env());
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).accounts.map((a: { accountId: string; ouPath: string }) => [a.accountId, a.ouPath])).toEqual([[PROD, OU_PROD]]);
    expect(fake.org.assumeRootCalls.map((c) => c.target)).toEqual([PROD]);
    const outside = snapshot(fake.org);
    delete outside[PROD];
    const applied = await runCli(["remediate", "apply", plan, "--yes", "--action-log", join(dir, "a.jsonl")], fake.env());
    expect(applied.code).toBe(1); // PROD keeps its recently used key and active certificate
    const after = snapshot(fake.org);
    delete after[PROD];
    expect(after).toEqual(outside);
    expect(fake.org.accounts.get(PROD)!.rootCredentials.loginProfile).toBe(false);
    expect(new Set(fake.org.assumeRootCalls.map((c) => c.target))).toEqual(new Set([PROD]));
  });

  it("renders Markdown for a ticket: totals first, then per OU, values escaped", async () => {
    const run = await runCli(["remediate", "plan", "--format", "markdown"], fake.env());
    expect(run.code).toBe(0);
    const md = run.stdout;
    expect(md.indexOf("| items to delete | 6 |")).toBeLessThan(md.indexOf("#### Root/prod"));
    expect(md).toContain("#### Root/prod: 4 items in 1 account");
    expect(md).toContain("- **sandbox &lt;b&gt;\\|x\\|&lt;/b&gt;** `444444444444`");
    expect(md).not.toContain("<b>");
  });

  it("refuses a bad --keep-used-within and an --output that is a folder before any AWS call", async () => {
    const bad = await runCli(["remediate", "plan", "--keep-used-within", "1.5"], fake.env());
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("expected a whole number from 0 to 36500");
    const folder = await runCli(["remediate", "plan", "--output", tmp()], fake.env());
    expect(folder.code).toBe(2);
    expect(folder.stderr).toMatch(/--output .*: is a folder; name a file/);
    expect(fake.org.assumeRootCalls).toEqual([]);
  });
});

describe("remediate apply", () => {
  let fake: FakeAws;
  let dir: string;
  let plan: string;
  // The plan of organization(), made once; each test applies it to an organization of its own.
  let planText: string;
  beforeAll(async () => {
    const planned = await startFake(organization());
    try {
      const file = join(tmp(), "plan.json");
      const made = await runCli(["remediate", "plan", "--output", file], planned.env());
      expect(made.code).toBe(0);
      planText = readFileSync(file, "utf8");
    } finally {
      await planned.stop();
    }
  });
  beforeEach(async () => {
    fake = await startFake(organization());
    dir = tmp();
    plan = join(dir, "plan.json");
    writeFileSync(plan, planText, { mode: 0o600 });
  });
  afterEach(() => fake.stop());
  const apply = (...args: string[]) => runCli(["remediate", "apply", plan, "--action-log", join(dir, "actions.jsonl"), ...args], fake.env());
  const creds = (id: string) => fake.org.accounts.get(id)!.rootCredentials;

  it("without --yes and without a terminal shows the totals, refuses with exit 1 and changes nothing", async () => {
    const before = snapshot(fake.org);
    const run = await apply();
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("To do now: 7 items in 3 accounts");
    expect(run.stderr).toMatch(/\nroot-access: not confirmed: re-run with --yes\n$/);
    expect(snapshot(fake.org)).toEqual(before);
    expect(fake.org.assumeRootCalls).toEqual([]);
    expect(existsSync(`${plan}.journal.jsonl`)).toBe(false);
  });

  it("deletes exactly the plan, reports held-back items, journals every step, and a second apply changes nothing", async () => {
    const run = await apply("--yes", "--format", "json");
    expect(run.code).toBe(1); // held back in PROD
    const result = JSON.parse(run.stdout);
    expect(result.accounts.map((a: { accountId: string; status: string }) => [a.accountId, a.status])).toEqual([
      [SANDBOX, "done"],
      [CLEAN, "nothing to do"],
      [PROD, "held back"],
      [DEV, "done"],
    ]);
    expect(result.accounts[2].items).toEqual([
      { kind: "login-profile", id: null, result: "deleted" },
      { kind: "access-keys", id: "AKIAPRODOLD", result: "deleted" },
      { kind: "mfa-devices", id: `arn:aws:iam::${PROD}:mfa/root-device`, result: "deleted" },
      { kind: "signing-certificates", id: "CERTINACTIVE", result: "deleted" },
      { kind: "access-keys", id: "AKIAPRODUSED", result: "held back" },
      { kind: "signing-certificates", id: "CERTACTIVE", result: "held back" },
    ]);
    expect(creds(PROD)).toMatchObject({
      loginProfile: false,
      mfaDevices: [],
      accessKeys: [expect.objectContaining({ id: "AKIAPRODUSED" })],
      signingCertificates: [{ id: "CERTACTIVE", status: "Active" }],
    });
    expect(creds(DEV)).toMatchObject({ loginProfile: false, accessKeys: [] });
    expect(creds(SUSPENDED).loginProfile).toBe(true);
    // One delete session per account with items; none where nothing is planned.
    expect(fake.org.assumeRootCalls.map((c) => c.target).sort()).toEqual([PROD, DEV, SANDBOX].sort());
    const journal = lines(`${plan}.journal.jsonl`);
    expect(journal[0]).toMatchObject({ type: "plan" });
    const dev = journal.filter((r) => r.accountId === DEV).map((r) => [r.type, r.kind ?? "", r.result ?? r.status ?? ""]);
    expect(dev).toEqual([
      ["account-start", "", ""],
      ["read", "", ""],
      ["attempt", "login-profile", ""],
      ["outcome", "login-profile", "deleted"],
      ["attempt", "access-keys", ""],
      ["outcome", "access-keys", "deleted"],
      ["account-done", "", "done"],
    ]);
    const log = lines(join(dir, "actions.jsonl")).filter((l) => l.account === DEV);
    expect(log.map((l) => [l.action, l.result])).toEqual([
      ["confirm", "confirmed (--yes)"],
      ["delete-login-profile", "attempt"],
      ["delete-login-profile", "deleted"],
      ["delete-access-key", "attempt"],
      ["delete-access-key", "deleted"],
    ]);

    fake.org.assumeRootCalls.length = 0;
    const again = await apply("--yes", "--format", "json");
    expect(again.code).toBe(1);
    expect(fake.org.assumeRootCalls).toEqual([]);
    expect(JSON.parse(again.stdout).accounts.map((a: { status: string; resumed?: boolean }) => [a.status, a.resumed ?? false])).toEqual([
      ["done", true],
      ["nothing to do", false],
      ["held back", true],
      ["done", true],
    ]);
  });

  it("reads each account's four kinds once, and after deleting reads again only the kinds it deleted", async () => {
    fake.calls.clear();
    expect((await apply("--yes")).code).toBe(1);
    // Sessions in SANDBOX (password), PROD (all four kinds) and DEV (password, key): 3 full reads, then 3 + 2 + 1 + 1.
    expect(["iam:GetLoginProfile", "iam:ListAccessKeys", "iam:ListMFADevices", "iam:ListSigningCertificates"].map((op) => fake.callCount(op))).toEqual([
      6, 5, 4, 4,
    ]);
  });

  it("leaves an item created since the plan alone and reports it new since plan", async () => {
    creds(DEV).accessKeys.push({ id: "AKIADEVNEW", status: "Active" });
    const run = await apply("--yes", "--format", "json");
    expect(run.code).toBe(1);
    const dev = JSON.parse(run.stdout).accounts.find((a: { accountId: string }) => a.accountId === DEV);
    expect(dev.status).toBe("new since plan");
    expect(dev.items).toContainEqual({ kind: "access-keys", id: "AKIADEVNEW", result: "new since plan" });
    expect(creds(DEV).accessKeys.map((k) => k.id)).toEqual(["AKIADEVNEW"]);
  });

  it("reports a planned item deleted by someone else as already absent", async () => {
    creds(SANDBOX).loginProfile = false;
    const run = await apply("--yes", "--format", "json");
    const sandbox = JSON.parse(run.stdout).accounts.find((a: { accountId: string }) => a.accountId === SANDBOX);
    expect(sandbox).toEqual({ accountId: SANDBOX, status: "done", items: [{ kind: "login-profile", id: null, result: "already absent" }] });
  });

  it("a hand-narrowed plan deletes less: removed accounts and items are not touched", async () => {
    const p = readJson(plan);
    p.accounts = p.accounts.filter((a: { accountId: string }) => a.accountId !== SANDBOX);
    const prod = p.accounts.find((a: { accountId: string }) => a.accountId === PROD);
    prod.items = prod.items.filter((i: { kind: string }) => i.kind !== "login-profile");
    writeFileSync(plan, JSON.stringify(p, null, 2));
    const run = await apply("--yes", "--format", "json");
    expect(run.code).toBe(1);
    expect(creds(SANDBOX).loginProfile).toBe(true);
    expect(creds(PROD).loginProfile).toBe(true);
    expect(creds(PROD).accessKeys.map((k) => k.id)).toEqual(["AKIAPRODUSED"]);
    expect(fake.org.assumeRootCalls.map((c) => c.target)).not.toContain(SANDBOX);
    // Every account left in the plan is in the result; the login profile reviewed away is there, unplanned, so it is reported.
    const result = JSON.parse(run.stdout);
    expect(result.accounts.map((a: { accountId: string }) => a.accountId)).toEqual([CLEAN, PROD, DEV]);
    expect(result.accounts[1].items).toContainEqual({ kind: "login-profile", id: null, result: "new since plan" });
  });

  const at = (p: any, id: string) => p.accounts.findIndex((a: any) => a.accountId === id);
  it.each([
    [
      "an added item",
      (p: any) => p.accounts[at(p, CLEAN)].items.push({ kind: "login-profile", id: null, createdAt: null, lastUsed: null }),
      /accounts\[1\]\.items\[0\]: login-profile in 555555555555 was not planned/,
    ],
    [
      "a held-back key moved into items",
      (p: any) => p.accounts[at(p, PROD)].items.push({ kind: "access-keys", id: "AKIAPRODUSED", createdAt: null, lastUsed: null }),
      /accounts\[2\]\.items\[4\]: access-keys AKIAPRODUSED in 222222222222 was not planned/,
    ],
    [
      "an added account",
      (p: any) => p.accounts.push({ ...p.accounts[at(p, SANDBOX)], accountId: SUSPENDED }),
      /accounts\[4\]\.items\[0\]: login-profile in 666666666666 was not planned/,
    ],
    [
      "an item moved to another account",
      (p: any) => p.accounts[at(p, CLEAN)].items.push(p.accounts[at(p, SANDBOX)].items.pop()),
      /accounts\[1\]\.items\[0\]: login-profile in 555555555555 was not planned/,
    ],
    ["an unknown key", (p: any) => (p.accounts[0].force = true), /accounts\[0\]: Unrecognized key: "force"/],
    ["a wrong kind", (p: any) => (p.accounts[at(p, DEV)].items[0].kind = "password"), /accounts\[3\]\.items\[0\]\.kind: Invalid option/],
    ["a changed --only", (p: any) => (p.selection.only = []), /selection\.only: Too small/],
    ["another format version", (p: any) => (p.formatVersion = 2), /formatVersion: Invalid input: expected 1/],
  ])("refuses %s with file: path: what, exit 2, before any AWS call", async (_what, edit, message) => {
    const p = readJson(plan);
    edit(p);
    writeFileSync(plan, JSON.stringify(p));
    const run = await apply("--yes");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^root-access: ${plan.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: `));
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(fake.org.assumeRootCalls).toEqual([]);
  });

  it("refuses a file that is not JSON, and a plan whose creation date was edited", async () => {
    writeFileSync(join(dir, "broken.json"), '{"formatVersion": 1,');
    const broken = await runCli(["remediate", "apply", join(dir, "broken.json"), "--yes"], fake.env());
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain(`${join(dir, "broken.json")}: (top level): not JSON`);
    const p = readJson(plan);
    const old = { ...p, createdAt: new Date(Date.now() - 9 * DAY).toISOString() };
    writeFileSync(plan, JSON.stringify(old));
    const stale = await apply("--yes");
    expect(stale.code).toBe(2);
    // The digests bind the items to the creation time: an edited date is refused too, before the age.
    expect(stale.stderr).toMatch(/was not planned/);
  });

  it("refuses a plan older than 7 days unless --max-plan-age allows it", async () => {
    // The plan as `remediate plan` would have written it 8 days ago: its digests bind that date.
    const { integrity: _made, ...made } = readJson(plan);
    writeFileSync(plan, JSON.stringify(withIntegrity({ ...made, createdAt: new Date(Date.now() - 8 * DAY - 60_000).toISOString() })));
    const refused = await apply("--yes");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/createdAt: the plan is 8 days old, older than 7 days \(--max-plan-age\): make a new plan, or pass --max-plan-age 9/);
    expect(fake.org.assumeRootCalls).toEqual([]);
    const allowed = await apply("--yes", "--max-plan-age", "9");
    expect(allowed.code).toBe(1);
    expect(creds(DEV).loginProfile).toBe(false);
  });

  (terminalAvailable ? it : it.skip)(
    `on a terminal asks one question naming the counts and the plan file; a no changes nothing${terminalAvailable ? "" : terminalSkipped}`,
    async () => {
      const before = snapshot(fake.org);
      const run = await runCliOnTerminal(["remediate", "apply", plan, "--action-log", join(dir, "a.jsonl")], fake.env(), "n");
      // The prompt wraps at the terminal's width: compare without styles and line breaks.
      // eslint-disable-next-line no-control-regex -- removing the prompt's escape sequences
      const plain = run.stdout.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "").replace(/\s+/g, " ");
      expect(plain).toContain(`Delete 7 root credential items in 3 accounts, as planned in ${plan}? (y/N)`);
      expect(plain).toContain("root-access: not confirmed: nothing was changed");
      expect(run.code).toBe(1);
      expect(snapshot(fake.org)).toEqual(before);
    },
  );

  it("refuses to write a new plan where an applied plan's journal is", async () => {
    expect((await apply("--yes")).code).toBe(1);
    const again = await runCli(["remediate", "plan", "--output", plan], fake.env());
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(
      `root-access: ${plan}: a plan applied from this path has its journal beside it (${plan}.journal.jsonl): write the new plan elsewhere\n`,
    );
  });

  it("refuses an --output that is a folder before any AWS call", async () => {
    const run = await apply("--yes", "--output", dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`root-access: --output ${dir}: is a folder; name a file\n`);
    expect(fake.org.assumeRootCalls).toEqual([]);
  });

  it("--dry-run shows the totals, exits 0 and opens no session", async () => {
    const run = await apply("--dry-run");
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("To do now: 7 items in 3 accounts");
    expect(run.stderr).toContain("dry run: nothing was changed");
    expect(fake.org.assumeRootCalls).toEqual([]);
  });
});

describe("remediate against an organization whose SCPs refuse root sessions", () => {
  it("plans blocked accounts without a session, holds back what a partial deny refuses, and apply meets no denial", async () => {
    const org = new FakeOrganization().enableRootAccess();
    const { shapes } = seedReadinessShapes(org);
    const ct = shapes.find((s) => s.shape === "control-tower")!;
    const keepKeys = shapes.find((s) => s.shape === "keep-keys")!;
    const exempting = shapes.find((s) => s.shape === "exempting")!;
    for (const s of [ct, keepKeys, exempting]) org.accounts.get(s.accountId)!.rootCredentials.accessKeys.push({ id: `AKIA${s.accountId}`, status: "Inactive" });
    const fake = await startFake(org);
    try {
      const dir = tmp();
      const planFile = join(dir, "plan.json");
      const planned = await runCli(["remediate", "plan", "--ou", exempting.ouId, "--output", join(dir, "one-ou.json"), "--format", "json"], fake.env());
      expect(planned.code).toBe(0);
      expect(JSON.parse(planned.stdout).accounts.map((a: { accountId: string }) => a.accountId)).toEqual([exempting.accountId]);

      const before = snapshot(org);
      org.assumeRootCalls.length = 0;
      const run = await runCli(["remediate", "plan", "--output", planFile, "--format", "json"], fake.env());
      // The one account the prediction cannot judge (an SCP on aws:SourceIp) is tried, and the fake
      // refuses it there as AWS would: exit 3, with AWS's error for that account alone.
      expect(run.code).toBe(3);
      expect(snapshot(org)).toEqual(before); // the plan changes nothing
      const plan = readJson(planFile);
      const account = (id: string) => plan.accounts.find((a: { accountId: string }) => a.accountId === id);
      const corporate = shapes.find((s) => s.shape === "corporate-network")!;
      expect(plan.accounts.filter((a: { error: unknown }) => a.error).map((a: { accountId: string }) => a.accountId)).toEqual([corporate.accountId]);
      expect(account(corporate.accountId).prediction.verdict).toBe("unknown");
      expect(account(corporate.accountId).error.message).toMatch(/explicit deny in a service control policy$/);
      // Control Tower's restrict-root-user control without ExemptAssumeRoot: blocked, no session opened.
      expect(account(ct.accountId).items).toEqual([]);
      expect(account(ct.accountId).blocked.blockedBy[0]).toMatchObject({ policyId: ct.policyId, statementSid: "GRRESTRICTROOTUSER", kind: "explicit" });
      expect(org.assumeRootCalls.filter((c) => c.target === ct.accountId)).toEqual([]);
      // An SCP denying only iam:DeleteAccessKey: the key is held back naming the statement, the password planned.
      expect(account(keepKeys.accountId).items.map((i: { kind: string }) => i.kind)).toEqual(["login-profile"]);
      expect(account(keepKeys.accountId).heldBack).toEqual([
        { kind: "access-keys", id: `AKIA${keepKeys.accountId}`, reason: expect.stringMatching(/iam:DeleteAccessKey is predicted denied by .*KeepRootKeys/) },
      ]);
      // AWS's exempting pattern: everything planned.
      expect(account(exempting.accountId).items.map((i: { kind: string }) => i.kind)).toEqual(["login-profile", "access-keys"]);

      const applied = await runCli(["remediate", "apply", planFile, "--yes", "--format", "json", "--action-log", join(dir, "a.jsonl")], fake.env());
      expect(applied.code).toBe(1); // held back and blocked accounts are findings
      const result = JSON.parse(applied.stdout);
      const failed = result.accounts.flatMap((a: { items: { result: string }[] }) => a.items).filter((i: { result: string }) => i.result === "failed");
      expect(failed).toEqual([]); // the prediction kept apply away from every denial the fake enforces
      expect(org.accounts.get(keepKeys.accountId)!.rootCredentials).toMatchObject({ loginProfile: false, accessKeys: [{ id: `AKIA${keepKeys.accountId}` }] });
      expect(org.accounts.get(ct.accountId)!.rootCredentials).toMatchObject({ loginProfile: true, accessKeys: [{ id: `AKIA${ct.accountId}` }] });
      expect(org.accounts.get(exempting.accountId)!.rootCredentials).toMatchObject({ loginProfile: false, accessKeys: [] });
    } finally {
      await fake.stop();
    }
  });
});
