// The privileged workflows in process, against in-memory ports: plan -> confirm -> execute, in
// that order, with root sessions opened per step (never held across the question).
import { allowPasswordRecovery } from "../lib/domain/privileged/allow-password-recovery";
import { deleteRootCredentials } from "../lib/domain/privileged/delete-root-credentials";
import { SQS_PROPAGATION_SECONDS, unlockPolicy, UnlockDeps } from "../lib/domain/privileged/unlock-policy";
import { PolicyBackup } from "../lib/domain/ports";
import { MemoryAws, scriptedConfirm } from "./support/memory-ports";

const MEMBER = "222222222222";
const OTHER = "333333333333";

function deps(aws: MemoryAws, slept: number[] = []) {
  return { organizations: aws.organizations, rootSessions: aws.rootSessions, actionLog: aws.actionLog, sleep: async (ms: number) => void slept.push(ms) };
}

function withCredentials(): MemoryAws {
  const aws = new MemoryAws();
  aws.addAccount(MEMBER, { loginProfile: true, accessKeys: [{ id: "AKIA1", status: "Active" }] });
  aws.addAccount(OTHER, { signingCertificates: [{ id: "CERT1", status: "Inactive" }] });
  return aws;
}

describe("deleteRootCredentials", () => {
  it("plans in a delete session, shows the plan, asks, then deletes and verifies in a fresh one", async () => {
    const aws = withCredentials();
    const confirm = scriptedConfirm(aws, "--yes");
    const outcome = await deleteRootCredentials(deps(aws), { accountIds: [MEMBER] }, confirm);
    expect(aws.events).toEqual([
      `open ${MEMBER} IAMDeleteRootUserCredentials`,
      `read ${MEMBER}`,
      `close ${MEMBER} IAMDeleteRootUserCredentials`,
      "show plan",
      `ask Delete 2 root credential items in ${MEMBER} (the plan above)?`,
      `open ${MEMBER} IAMDeleteRootUserCredentials`,
      `delete ${MEMBER} login-profile`,
      `delete ${MEMBER} access-keys AKIA1`,
      `read ${MEMBER}`,
      `close ${MEMBER} IAMDeleteRootUserCredentials`,
    ]);
    expect(outcome).toMatchObject({
      decision: "done",
      failed: false,
      results: [
        {
          accountId: MEMBER,
          remaining: [],
          items: [
            { kind: "login-profile", result: "deleted" },
            { kind: "access-keys", id: "AKIA1", result: "deleted" },
          ],
        },
      ],
    });
    expect(aws.log.map((e) => `${e.action} ${e.result}`)).toEqual([
      "confirm confirmed (--yes)",
      "delete-login-profile attempt",
      "delete-login-profile deleted",
      "delete-access-key attempt",
      "delete-access-key deleted",
      "verify none left",
    ]);
  });

  it("changes nothing on a dry run, and logs it", async () => {
    const aws = withCredentials();
    const outcome = await deleteRootCredentials(deps(aws), { accountIds: [MEMBER, OTHER] }, scriptedConfirm(aws, "dry-run"));
    expect(outcome.decision).toBe("dry-run");
    expect(aws.accounts.get(MEMBER)!.credentials.loginProfile).toBe(true);
    expect(aws.events.filter((e) => e.startsWith("open")).map((e) => e.split(" ")[2])).toEqual([
      "IAMDeleteRootUserCredentials",
      "IAMDeleteRootUserCredentials",
    ]);
    expect(aws.log.map((e) => `${e.account} ${e.result}`)).toEqual([`${MEMBER} dry-run`, `${OTHER} dry-run`]);
  });

  it("logs a refusal for each account and throws it on", async () => {
    const aws = withCredentials();
    await expect(deleteRootCredentials(deps(aws), { accountIds: [MEMBER, OTHER] }, scriptedConfirm(aws, "no"))).rejects.toMatchObject({
      code: "NotConfirmed",
      category: "refused",
    });
    expect(aws.log.map((e) => `${e.account} ${e.result}`)).toEqual([`${MEMBER} not confirmed`, `${OTHER} not confirmed`]);
    expect(aws.events.filter((e) => e.startsWith("delete"))).toEqual([]);
  });

  it("asks nothing when there is nothing to delete, and keeps only the selected kinds", async () => {
    const aws = withCredentials();
    const confirm = scriptedConfirm(aws, "no");
    const outcome = await deleteRootCredentials(deps(aws), { accountIds: [OTHER], only: ["access-keys"] }, confirm);
    expect(confirm.shown).toEqual([[{ accountId: OTHER, items: [] }]]);
    expect(outcome).toMatchObject({ decision: "done", failed: false, results: [{ accountId: OTHER, items: [], remaining: [] }] });
  });

  it("reports a failed delete and what remains, and never calls a failed audit 'deleted'", async () => {
    const aws = withCredentials();
    aws.failing.add("iam:DeleteAccessKey");
    const outcome = await deleteRootCredentials(deps(aws), { accountIds: [MEMBER] }, scriptedConfirm(aws, "--yes"));
    expect(outcome).toMatchObject({
      decision: "done",
      failed: true,
      results: [
        {
          items: [
            { kind: "login-profile", result: "deleted" },
            { kind: "access-keys", result: "failed", error: { code: "AccessDenied" } },
          ],
          remaining: [{ kind: "access-keys", id: "AKIA1" }],
        },
      ],
    });
  });

  it("refuses the management account, non-members and inactive accounts before any root session", async () => {
    const aws = withCredentials();
    aws.addAccount("444444444444", {}, "SUSPENDED");
    for (const [id, message] of [
      ["111111111111", "111111111111 is the management account: root sessions cannot target it (use its own root user, with MFA)"],
      ["999999999999", "999999999999 is not a member account of the organization o-memory00000"],
      ["444444444444", "444444444444 (account-444444444444) is SUSPENDED: only ACTIVE accounts can be acted on"],
    ]) {
      await expect(deleteRootCredentials(deps(aws), { accountIds: [id] }, scriptedConfirm(aws, "--yes"))).rejects.toThrow(message);
    }
    expect(aws.events).toEqual([]);
  });
});

describe("allowPasswordRecovery", () => {
  it("opens its session only after the confirmation", async () => {
    const aws = withCredentials();
    const outcome = await allowPasswordRecovery(deps(aws), OTHER, scriptedConfirm(aws, "terminal"));
    expect(aws.events).toEqual([
      "show plan",
      `ask Allow root password recovery in ${OTHER}?`,
      `open ${OTHER} IAMCreateRootUserPassword`,
      `create-login-profile ${OTHER}`,
      `close ${OTHER} IAMCreateRootUserPassword`,
    ]);
    expect(outcome).toEqual({ decision: "done", result: { accountId: OTHER, result: "allowed" } });
    expect(aws.log[0]).toMatchObject({ action: "confirm", result: "confirmed (terminal)" });
  });
});

describe("unlockPolicy", () => {
  const queue = `https://sqs.us-east-1.amazonaws.com/${MEMBER}/locked`;
  const target = { kind: "sqs-queue-policy" as const, queueUrl: queue };
  function unlockDeps(aws: MemoryAws, slept: number[], saved: PolicyBackup[]): UnlockDeps {
    return {
      ...deps(aws, slept),
      backups: { save: (b) => (saved.push(b), `/backups/${saved.length}.json`), read: () => saved[0] },
      now: () => new Date("2026-11-29T00:00:00Z"),
    };
  }

  it("backs up after the confirmation, deletes in a fresh session, and waits for SQS to show the change", async () => {
    const aws = new MemoryAws();
    aws.addAccount(MEMBER).policies.set(queue, "{deny}");
    aws.staleReads = 3;
    const slept: number[] = [];
    const saved: PolicyBackup[] = [];
    const outcome = await unlockPolicy(unlockDeps(aws, slept, saved), { accountId: MEMBER, target }, scriptedConfirm(aws, "--yes"));
    expect(outcome).toMatchObject({ decision: "done", result: { result: "removed", backupFile: "/backups/1.json" } });
    expect(saved).toEqual([{ kind: "sqs-queue-policy", accountId: MEMBER, queueUrl: queue, savedAt: "2026-11-29T00:00:00.000Z", policy: "{deny}" }]);
    // Three stale reads: polled after 1, 2 and 4 seconds.
    expect(slept).toEqual([1000, 2000, 4000]);
    expect(aws.events.filter((e) => e.startsWith("open") || e.startsWith("ask") || e.startsWith("close"))).toEqual([
      `open ${MEMBER} SQSUnlockQueuePolicy`,
      `close ${MEMBER} SQSUnlockQueuePolicy`,
      `ask Delete the policy of queue ${queue}?`,
      `open ${MEMBER} SQSUnlockQueuePolicy`,
      `close ${MEMBER} SQSUnlockQueuePolicy`,
    ]);
  });

  it(`reports a policy still there after ${SQS_PROPAGATION_SECONDS} s as failed, keeping the backup`, async () => {
    const aws = new MemoryAws();
    aws.addAccount(MEMBER).policies.set(queue, "{deny}");
    aws.staleReads = 1000;
    const slept: number[] = [];
    const outcome = await unlockPolicy(unlockDeps(aws, slept, []), { accountId: MEMBER, target }, scriptedConfirm(aws, "--yes"));
    expect(outcome).toMatchObject({ decision: "done", result: { result: "failed", backupFile: "/backups/1.json", error: { code: "PolicyStillPresent" } } });
    expect(slept.reduce((a, b) => a + b, 0)).toBe(SQS_PROPAGATION_SECONDS * 1000);
  });

  it("reads an S3 bucket policy back once (S3 is consistent)", async () => {
    const aws = new MemoryAws();
    aws.addAccount(MEMBER).policies.set("bucket-1", "{deny}");
    const slept: number[] = [];
    const outcome = await unlockPolicy(
      unlockDeps(aws, slept, []),
      { accountId: MEMBER, target: { kind: "s3-bucket-policy", bucket: "bucket-1" } },
      scriptedConfirm(aws, "--yes"),
    );
    expect(outcome).toMatchObject({ result: { result: "removed" } });
    expect(slept).toEqual([]);
    expect(aws.events.filter((e) => e.startsWith("get-policy"))).toHaveLength(2);
  });
});

describe("deleteRootCredentials with many accounts", () => {
  it("asks one question naming the counts, not the account IDs, and keeps at most 32 sessions open", async () => {
    const aws = new MemoryAws();
    const ids = Array.from({ length: 200 }, (_, i) => String(300000000000 + i));
    for (const id of ids) aws.addAccount(id, { loginProfile: true });
    let open = 0;
    let peak = 0;
    const inner = aws.rootSessions.withRootSession;
    aws.rootSessions.withRootSession = async (id, task, fn) => {
      open += 1;
      peak = Math.max(peak, open);
      try {
        await new Promise((r) => setTimeout(r, 1));
        return await inner(id, task, fn);
      } finally {
        open -= 1;
      }
    };
    const outcome = await deleteRootCredentials(deps(aws), { accountIds: ids }, scriptedConfirm(aws, "--yes"));
    expect(aws.events.filter((e) => e.startsWith("ask"))).toEqual(["ask Delete 200 root credential items in 200 accounts (the plan above)?"]);
    expect(peak).toBe(32);
    expect(outcome).toMatchObject({ decision: "done", failed: false });
    expect([...aws.accounts.values()].every((a) => !a.credentials.loginProfile)).toBe(true);
  });
});
