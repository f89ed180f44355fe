// The action log as evidence: an attempt line before every call that changes AWS and its outcome
// after; a stop (AbortSignal) starts no new step; failures before and after a change are logged.
import { allowPasswordRecovery } from "../lib/domain/privileged/allow-password-recovery";
import { deleteRootCredentials } from "../lib/domain/privileged/delete-root-credentials";
import { unlockPolicy } from "../lib/domain/privileged/unlock-policy";
import type { PolicyBackup, RootSessionCalls, RootSessionsPort } from "../lib/domain/ports";
import { AwsError, UserError } from "../lib/errors";
import { MemoryAws, scriptedConfirm } from "./support/memory-ports";

const A = "222222222222";
const B = "333333333333";
const lines = (aws: MemoryAws) => aws.log.map((e) => `${e.account} ${e.action}${e.target ? ` ${e.target}` : ""} ${e.result}`);

function deps(aws: MemoryAws, extra: { signal?: AbortSignal; rootSessions?: RootSessionsPort } = {}) {
  return { organizations: aws.organizations, rootSessions: aws.rootSessions, actionLog: aws.actionLog, sleep: async () => undefined, ...extra };
}

/** Root sessions whose calls pass through `wrap`. */
function wrapped(aws: MemoryAws, wrap: (s: RootSessionCalls) => RootSessionCalls): RootSessionsPort {
  return { withRootSession: (account, task, fn) => aws.rootSessions.withRootSession(account, task, (s) => fn(wrap(s))) };
}

describe("delete-root-credentials writes ahead", () => {
  it("stops at the first stop: the delete in flight finishes and is logged, the rest is left undone", async () => {
    const aws = new MemoryAws();
    aws.addAccount(A, {
      loginProfile: true,
      accessKeys: [
        { id: "AKIA1", status: "Active" },
        { id: "AKIA2", status: "Active" },
      ],
    });
    const controller = new AbortController();
    const rootSessions = wrapped(aws, (s) => ({
      ...s,
      deleteCredential: async (item) => {
        const result = await s.deleteCredential(item);
        // The stop arrives while the first delete is in flight.
        controller.abort();
        return result;
      },
    }));
    const outcome = await deleteRootCredentials(deps(aws, { signal: controller.signal, rootSessions }), { accountIds: [A] }, scriptedConfirm(aws, "--yes"));
    expect(lines(aws)).toEqual([`${A} confirm confirmed (--yes)`, `${A} delete-login-profile attempt`, `${A} delete-login-profile deleted`]);
    expect(outcome).toMatchObject({
      decision: "done",
      failed: true,
      undone: [
        { accountId: A, action: "delete-access-key", target: "AKIA1" },
        { accountId: A, action: "delete-access-key", target: "AKIA2" },
      ],
      results: [{ accountId: A, stopped: true, items: [{ kind: "login-profile", result: "deleted" }] }],
    });
    expect(aws.accounts.get(A)!.credentials.accessKeys).toHaveLength(2);
  });

  it("asks nothing and changes nothing when stopped before the question", async () => {
    const aws = new MemoryAws();
    aws.addAccount(A, { loginProfile: true });
    const controller = new AbortController();
    controller.abort();
    const outcome = await deleteRootCredentials(deps(aws, { signal: controller.signal }), { accountIds: [A] }, scriptedConfirm(aws, "--yes"));
    expect(outcome.decision).toBe("stopped");
    expect(aws.events.filter((e) => e.startsWith("ask") || e.startsWith("delete"))).toEqual([]);
  });

  it("logs a delete reported done but still there after as failed, and reports it failed", async () => {
    const aws = new MemoryAws();
    aws.addAccount(A, { accessKeys: [{ id: "AKIA1", status: "Active" }] });
    // A delete that answers success without deleting (eventual consistency, or a lying proxy).
    const rootSessions = wrapped(aws, (s) => ({ ...s, deleteCredential: async () => "deleted" }));
    const outcome = await deleteRootCredentials(deps(aws, { rootSessions }), { accountIds: [A] }, scriptedConfirm(aws, "--yes"));
    expect(lines(aws)).toEqual([
      `${A} confirm confirmed (--yes)`,
      `${A} delete-access-key AKIA1 attempt`,
      `${A} delete-access-key AKIA1 deleted`,
      `${A} verify AKIA1 still present`,
    ]);
    expect(outcome).toMatchObject({ failed: true, results: [{ items: [{ id: "AKIA1", result: "failed", error: { code: "StillPresent" } }] }] });
  });

  it("logs an account whose plan-time audit failed", async () => {
    const aws = new MemoryAws();
    aws.addAccount(A, { loginProfile: true });
    aws.addAccount(B, { loginProfile: true });
    const rootSessions: RootSessionsPort = {
      withRootSession: (account, task, fn) =>
        account === B ? Promise.reject(new AwsError("AccessDenied", "not allowed", "sts:AssumeRoot")) : aws.rootSessions.withRootSession(account, task, fn),
    };
    await deleteRootCredentials(deps(aws, { rootSessions }), { accountIds: [A, B] }, scriptedConfirm(aws, "--yes"));
    expect(aws.log.find((e) => e.account === B)).toEqual({
      account: B,
      taskPolicy: "IAMDeleteRootUserCredentials",
      action: "plan",
      result: "failed",
      error: { code: "AccessDenied", message: "not allowed" },
    });
  });
});

describe("the other privileged workflows write ahead", () => {
  it("allow-password-recovery logs an attempt before CreateLoginProfile", async () => {
    const aws = new MemoryAws();
    aws.addAccount(A);
    await allowPasswordRecovery(deps(aws), A, scriptedConfirm(aws, "--yes"));
    expect(lines(aws)).toEqual([`${A} confirm confirmed (--yes)`, `${A} create-login-profile attempt`, `${A} create-login-profile allowed`]);
  });

  const bucket = { kind: "s3-bucket-policy" as const, bucket: "locked" };
  const unlockDeps = (aws: MemoryAws, save: (b: PolicyBackup) => string, saved: PolicyBackup[] = []) => ({
    ...deps(aws),
    backups: { save: (b: PolicyBackup) => (saved.push(b), save(b)), read: () => saved[0] },
    now: () => new Date("2026-11-29T00:00:00Z"),
  });

  it("unlock logs the backup and the delete, each before and after", async () => {
    const aws = new MemoryAws();
    aws.addAccount(A).policies.set("locked", "{deny}");
    await unlockPolicy(
      unlockDeps(aws, () => "/b/1.json"),
      { accountId: A, target: bucket },
      scriptedConfirm(aws, "--yes"),
    );
    expect(lines(aws)).toEqual([
      `${A} confirm confirmed (--yes)`,
      `${A} backup-s3-bucket-policy bucket locked attempt`,
      `${A} backup-s3-bucket-policy bucket locked /b/1.json`,
      `${A} delete-s3-bucket-policy bucket locked attempt`,
      `${A} delete-s3-bucket-policy bucket locked removed`,
    ]);
  });

  it("logs a backup that fails after the confirmation, and deletes nothing", async () => {
    const aws = new MemoryAws();
    aws.addAccount(A).policies.set("locked", "{deny}");
    const outcome = await unlockPolicy(
      unlockDeps(aws, () => {
        throw new UserError("Usage", "/full/b.json: cannot write the backup: no space left on the device");
      }),
      { accountId: A, target: bucket },
      scriptedConfirm(aws, "--yes"),
    );
    expect(outcome).toMatchObject({ result: { result: "failed", error: { code: "Usage" } } });
    expect(lines(aws).slice(-1)).toEqual([`${A} backup-s3-bucket-policy bucket locked failed`]);
    expect(aws.accounts.get(A)!.policies.get("locked")).toBe("{deny}");
  });

  it("--restore backs up the policy there now before putting the old one back", async () => {
    const aws = new MemoryAws();
    aws.addAccount(A).policies.set("locked", "{current}");
    const saved: PolicyBackup[] = [];
    const old: PolicyBackup = { kind: "s3-bucket-policy", accountId: A, bucket: "locked", savedAt: "2026-11-01T00:00:00.000Z", policy: "{old}" };
    const backups = { save: (b: PolicyBackup) => (saved.push(b), "/b/current.json"), read: () => old };
    const outcome = await unlockPolicy(
      { ...deps(aws), backups, now: () => new Date("2026-11-29T00:00:00Z") },
      { accountId: A, target: bucket, restoreFrom: "/b/old.json" },
      scriptedConfirm(aws, "--yes"),
    );
    expect(saved).toEqual([{ kind: "s3-bucket-policy", accountId: A, bucket: "locked", savedAt: "2026-11-29T00:00:00.000Z", policy: "{current}" }]);
    expect(outcome).toMatchObject({ result: { result: "restored", backupFile: "/b/current.json" } });
    expect(aws.accounts.get(A)!.policies.get("locked")).toBe("{old}");
    expect(lines(aws).slice(1)).toEqual([
      `${A} backup-s3-bucket-policy bucket locked attempt`,
      `${A} backup-s3-bucket-policy bucket locked /b/current.json`,
      `${A} restore-s3-bucket-policy bucket locked attempt`,
      `${A} restore-s3-bucket-policy bucket locked restored`,
    ]);
  });

  it("refuses a backup whose savedAt is not a date", async () => {
    const aws = new MemoryAws();
    aws.addAccount(A).policies.set("locked", "{current}");
    const bad = { kind: "s3-bucket-policy", accountId: A, bucket: "locked", savedAt: "yesterday", policy: "{old}" };
    await expect(
      unlockPolicy(
        { ...deps(aws), backups: { save: () => "x", read: () => bad } },
        { accountId: A, target: bucket, restoreFrom: "/b/old.json" },
        scriptedConfirm(aws, "--yes"),
      ),
    ).rejects.toThrow('/b/old.json: savedAt "yesterday" is not a date; expected an ISO 8601 time such as 2026-11-29T00:00:00.000Z');
  });
});
