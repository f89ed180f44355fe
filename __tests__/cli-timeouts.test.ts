// Calls that are never answered (a dead connection): the SDK's HTTP timeouts turn them into errors
// that are retried like a 5xx and finally reported as that account's error; nothing hangs.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCliProcess } from "./support/cli";
import { FakeAws, FakeAwsOptions, FakeOrganization, startFake } from "../tools/fake-aws";

const ACCOUNTS = Array.from({ length: 12 }, (_, i) => String(230000000000 + i));
const STALLED = [ACCOUNTS[3], ACCOUNTS[7]];
// Short timeouts keep the test quick (1 s: a loaded machine answers well within it); the defaults
// (5 s / 30 s) behave the same, only slower.
const TIMEOUTS = { ROOT_ACCESS_HTTP_TIMEOUT_MS: "1000" };

function organization(): FakeOrganization {
  const org = new FakeOrganization().enableRootAccess();
  for (const id of ACCOUNTS) org.addAccount({ id, rootCredentials: { loginProfile: id === ACCOUNTS[0] } });
  return org;
}

async function withStalls<T>(options: FakeAwsOptions, fn: (fake: FakeAws) => Promise<T>): Promise<T> {
  const fake = await startFake(organization(), options);
  try {
    return await fn(fake);
  } finally {
    await fake.stop();
  }
}

// Each story waits on timeouts, not the CPU: they run side by side, each CLI in a process of its own.
describe("requests left unanswered", () => {
  it.concurrent(
    "audit finishes and reports the accounts whose calls never return as errors (exit 3)",
    async () => {
      await withStalls({ unanswered: { operations: ["iam:ListAccessKeys"], accountIds: STALLED } }, async (fake) => {
        const started = Date.now();
        const run = await runCliProcess(["audit", "--format", "json"], { ...fake.env(), ...TIMEOUTS });
        expect(run.code).toBe(3);
        const report = JSON.parse(run.stdout) as { accounts: { accountId: string; status: string; error?: { code: string; message: string } }[] };
        const errors = report.accounts.filter((a) => a.status === "error");
        expect(errors.map((a) => a.accountId).sort()).toEqual(STALLED);
        expect(errors[0].error).toEqual({
          code: "TimeoutError",
          message:
            "iam:ListAccessKeys: no answer within the HTTP timeout, after every retry: the endpoint or the network is not answering; try again later (AWS_ENDPOINT_URL* point elsewhere?)",
        });
        expect(report.accounts.filter((a) => a.status === "audited")).toHaveLength(ACCOUNTS.length - STALLED.length);
        // Retried before giving up: every attempt of the two accounts went unanswered.
        expect(fake.unansweredRequests.length).toBeGreaterThan(STALLED.length);
        expect(Date.now() - started).toBeLessThan(30_000);
      });
    },
    60_000,
  );

  it.concurrent(
    "audit with one request in 10 unanswered loses no account: each stalled call is retried",
    async () => {
      await withStalls({ unanswered: { fraction: 0.1 } }, async (fake) => {
        const run = await runCliProcess(["audit", "--format", "json"], { ...fake.env(), ...TIMEOUTS });
        expect(fake.unansweredRequests.length).toBeGreaterThan(3);
        const report = JSON.parse(run.stdout) as { summary: { audited: number; errors: number }; accounts: { error?: unknown }[] };
        expect(report.accounts.filter((a) => a.error).map((a) => a.error)).toEqual([]);
        expect(report.summary).toMatchObject({ audited: ACCOUNTS.length, errors: 0 });
        expect(run.code).toBe(0);
      });
    },
    60_000,
  );

  it.concurrent(
    "a privileged preflight whose call never returns fails with one clear line instead of hanging",
    async () => {
      await withStalls({ unanswered: { operations: ["organizations:DescribeOrganization"] } }, async (fake) => {
        const log = join(mkdtempSync(join(tmpdir(), "ra-timeout-")), "a.jsonl");
        const run = await runCliProcess(["delete-root-credentials", "--account", ACCOUNTS[0], "--yes", "--action-log", log], { ...fake.env(), ...TIMEOUTS });
        expect(run.code).toBe(3);
        expect(run.stderr).toBe(
          "root-access: organizations:DescribeOrganization: no answer within the HTTP timeout, after every retry: the endpoint or the network is not answering; try again later (AWS_ENDPOINT_URL* point elsewhere?)\n",
        );
        expect(fake.callCount("sts:AssumeRoot")).toBe(0);
      });
    },
    60_000,
  );
});
