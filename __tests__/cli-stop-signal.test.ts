// SIGTERM and SIGINT in the middle of a multi-account delete, end to end: the real executable
// against the fake with latency. Every item the fake deleted has an attempt and an outcome line in
// the action log, nothing is left in flight, and the exit code names the signal.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startCliProcess } from "./support/cli";
import { FakeAws, FakeOrganization } from "../tools/fake-aws";

const ACCOUNTS = Array.from({ length: 20 }, (_, i) => String(210000000000 + i));

function organization(): FakeOrganization {
  const org = new FakeOrganization().enableRootAccess();
  for (const id of ACCOUNTS)
    org.addAccount({
      id,
      rootCredentials: {
        loginProfile: true,
        accessKeys: [
          { id: `AKIA${id}A`, status: "Active" },
          { id: `AKIA${id}B`, status: "Inactive" },
        ],
      },
    });
  return org;
}

/** "account target" of every item the fake no longer has. */
function deletedItems(org: FakeOrganization): string[] {
  return ACCOUNTS.flatMap((id) => {
    const c = org.accounts.get(id)!.rootCredentials;
    return [
      ...(c.loginProfile ? [] : [`${id} delete-login-profile`]),
      ...[`AKIA${id}A`, `AKIA${id}B`].filter((k) => !c.accessKeys.some((a) => a.id === k)).map((k) => `${id} delete-access-key ${k}`),
    ];
  });
}

describe.each([
  ["SIGTERM", 143],
  ["SIGINT", 130],
] as const)("%s during delete-root-credentials", (signal, exitCode) => {
  let fake: FakeAws;
  afterEach(async () => fake?.stop());

  it(`finishes the calls in flight, logs every one, says what was left undone, and exits ${exitCode}`, async () => {
    const org = organization();
    fake = new FakeAws(org, { latencyMs: 300 });
    await fake.start();
    const dir = mkdtempSync(join(tmpdir(), "ra-stop-"));
    const log = join(dir, "actions.jsonl");
    const { child, result } = startCliProcess(["delete-root-credentials", "--account", ACCOUNTS.join(","), "--yes", "--action-log", log], fake.env(), {
      cwd: dir,
    });
    // Kill once the deletes have started (the first ones are in flight).
    while (fake.callCount("iam:DeleteLoginProfile") === 0) await new Promise((r) => setTimeout(r, 10));
    child.kill(signal);
    const { code, stderr, stdout } = await result;

    expect(code).toBe(exitCode);
    const entries = readFileSync(log, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { account: string; action: string; target?: string; result: string });
    const key = (e: { account: string; action: string; target?: string }) =>
      `${e.account} ${e.action}${e.action === "delete-access-key" ? ` ${e.target}` : ""}`;
    const attempts = entries.filter((e) => e.result === "attempt").map(key);
    const outcomes = entries.filter((e) => e.action.startsWith("delete-") && e.result !== "attempt").map((e) => `${key(e)} ${e.result}`);
    const deleted = deletedItems(org);
    expect(deleted.length).toBeGreaterThan(0);
    // Everything the fake deleted was announced before and logged after; nothing else was sent.
    expect(attempts.sort()).toEqual([...deleted].sort());
    expect(outcomes.sort()).toEqual(deleted.map((d) => `${d} deleted`).sort());
    // Some work was left undone, and said so.
    const undone = 3 * ACCOUNTS.length - deleted.length;
    expect(undone).toBeGreaterThan(0);
    expect(stderr).toContain(`stopped: ${undone} step(s) left undone; run the same command again to finish`);
    expect(stderr.split("\n").filter((l) => l.startsWith("not done (stopped): "))).toHaveLength(undone);
    expect(stdout).toContain("stopped: not verified");
  }, 60_000);
});
