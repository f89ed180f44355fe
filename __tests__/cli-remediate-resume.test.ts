// kill -9 in the middle of `remediate apply`, three times, then a rerun: nothing lost, nothing
// deleted twice or outside the plan. The real executable (bin/root-access.js, compiled dist/) as a
// child process against the local fake in this process.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FakeAws, FakeOrganization, startFake } from "../tools/fake-aws";
import { ROOT, runCli, runCliProcess } from "./support/cli";

const ACCOUNTS = 30;
const recent = { date: new Date(Date.now() - 5 * 86_400_000).toISOString(), service: "s3", region: "us-east-1" };
const id = (i: number) => String(200000000000 + i);

function organization(): FakeOrganization {
  const org = new FakeOrganization().enableRootAccess();
  for (let i = 0; i < ACCOUNTS; i++) {
    org.addAccount({
      id: id(i),
      rootCredentials: {
        loginProfile: true,
        accessKeys: [
          { id: `AKIAOLD${i}`, status: "Active" },
          { id: `AKIAUSED${i}`, status: "Active", lastUsed: recent },
        ],
      },
    });
  }
  return org;
}

const journalLines = (file: string) => (existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : []);

/** Starts apply as a child process and sends `signal` once the journal has `attempts` more attempt lines. */
async function applyKilledAfter(
  plan: string,
  env: Record<string, string>,
  attempts: number,
  signal: NodeJS.Signals = "SIGKILL",
): Promise<{ code: number | null; stderr: string }> {
  const journal = `${plan}.journal.jsonl`;
  const before = journalLines(journal).filter((l) => l.includes('"attempt"')).length;
  const child = spawn(
    process.execPath,
    [join(ROOT, "bin", "root-access.js"), "remediate", "apply", plan, "--yes", "--concurrency", "4", "--action-log", `${plan}.actions.jsonl`],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: "/nonexistent-home",
        TMPDIR: process.env.TMPDIR ?? "/tmp",
        AWS_CONFIG_FILE: "/dev/null",
        AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
        ...env,
      },
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  for (;;) {
    const now = journalLines(journal).filter((l) => l.includes('"attempt"')).length;
    if (now - before >= attempts || child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  child.kill(signal);
  return { code: await exited, stderr };
}

describe("remediate apply killed with -9 and resumed", () => {
  let fake: FakeAws;
  beforeEach(async () => (fake = await startFake(organization(), { latencyMs: 15 })));
  afterEach(() => fake.stop());

  it("finishes the plan after three kills: every planned item deleted once, nothing else touched", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ra-resume-"));
    const plan = join(dir, "plan.json");
    expect((await runCli(["remediate", "plan", "--output", plan], fake.env())).code).toBe(0);
    const planned = JSON.parse(readFileSync(plan, "utf8")).summary.items;
    expect(planned).toBe(ACCOUNTS * 2);

    for (const attempts of [5, 12, 12]) await applyKilledAfter(plan, fake.env(), attempts);
    const attemptsSoFar = journalLines(`${plan}.journal.jsonl`).filter((l) => l.includes('"attempt"')).length;
    expect(attemptsSoFar).toBeGreaterThanOrEqual(29);
    expect(attemptsSoFar).toBeLessThan(planned);

    const last = await runCliProcess(["remediate", "apply", plan, "--yes", "--format", "json", "--action-log", `${plan}.actions.jsonl`], fake.env());
    expect(last.stderr).not.toMatch(/internal error/);
    const result = JSON.parse(last.stdout);
    expect(result.accounts).toHaveLength(ACCOUNTS);
    // Held-back keys remain: exit 1, every account "held back", every planned item deleted.
    expect(last.code).toBe(1);
    expect(result.accounts.every((a: { status: string }) => a.status === "held back")).toBe(true);
    expect(result.summary.items).toEqual({ deleted: planned, "held back": ACCOUNTS });
    for (const a of fake.org.accounts.values()) {
      if (a.id === fake.org.managementAccountId) continue;
      expect(a.rootCredentials.loginProfile).toBe(false);
      expect(a.rootCredentials.accessKeys.map((k) => k.id)).toEqual([`AKIAUSED${Number(a.id) - 200000000000}`]);
    }
    // Nothing deleted twice: one delete call per planned item, across all four runs.
    expect(fake.callCount("iam:DeleteLoginProfile") + fake.callCount("iam:DeleteAccessKey")).toBe(planned);
  }, 60_000);

  it("on SIGTERM finishes the calls in flight, journals them, says what is left undone and exits 143", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ra-resume-"));
    const plan = join(dir, "plan.json");
    expect((await runCli(["remediate", "plan", "--output", plan], fake.env())).code).toBe(0);
    const stopped = await applyKilledAfter(plan, fake.env(), 6, "SIGTERM");
    expect(stopped.code).toBe(143);
    expect(stopped.stderr).toMatch(/stopped by SIGTERM: \d+ accounts left undone; run the same command again to finish them/);
    // Every attempt has its outcome: the calls in flight finished and were journaled.
    const journal = journalLines(`${plan}.journal.jsonl`).map((l) => JSON.parse(l));
    const attempts = journal.filter((r) => r.type === "attempt").length;
    expect(journal.filter((r) => r.type === "outcome").length).toBe(attempts);
    expect(fake.callCount("iam:DeleteLoginProfile") + fake.callCount("iam:DeleteAccessKey")).toBe(attempts);
  }, 60_000);
});
