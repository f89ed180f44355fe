// The remediation workflows in process: the readiness prediction's verdicts (hand-built predictors
// until the fake enforces SCPs), the pool's bound, resume from a journal, and stopping on a signal.
import { TaskPolicy } from "../lib/aws-constants";
import { applyRemediationPlan, JournalRecord } from "../lib/domain/remediation/apply";
import { makeRemediationPlan, RemediationPlan } from "../lib/domain/remediation/plan";
import type { BlockingStatement, ReadinessPredictor, TaskPrediction } from "../lib/domain/readiness/prediction";
import { runPool } from "../lib/domain/worker-pool";
import { MemoryAws, scriptedConfirm } from "./support/memory-ports";

const A = "222222222222";
const B = "333333333333";
const C = "444444444444";
const NOW = new Date("2026-12-01T10:00:00Z");

const DENY_ROOT: BlockingStatement = {
  policyId: "p-denyroot1",
  policyName: "DenyRootUser",
  policyType: "SERVICE_CONTROL_POLICY",
  targetId: "ou-ex12-prod0001",
  statementSid: "DenyRoot",
  statementIndex: 0,
  actions: ["*"],
  kind: "explicit",
};
const DENY_KEYS: BlockingStatement = {
  ...DENY_ROOT,
  policyId: "p-nokeys01",
  policyName: "KeepKeys",
  statementSid: "NoKeyDeletes",
  actions: ["iam:DeleteAccessKey"],
};

function predictor(verdicts: Record<string, Partial<TaskPrediction>>): ReadinessPredictor & { asked: [string, TaskPolicy][] } {
  const asked: [string, TaskPolicy][] = [];
  return {
    asked,
    predict: (accountId, taskPolicy) => {
      asked.push([accountId, taskPolicy]);
      return { taskPolicy, verdict: "ready", blockedBy: [], deniedActions: [], ...verdicts[accountId] };
    },
  };
}

function memory(): MemoryAws {
  const aws = new MemoryAws();
  aws.addAccount(A, { loginProfile: true, accessKeys: [{ id: "AKIAA1", status: "Active" }] });
  aws.addAccount(B, {
    loginProfile: true,
    accessKeys: [
      { id: "AKIAB1", status: "Active" },
      { id: "AKIAB2", status: "Inactive" },
    ],
    mfaDevices: [`arn:aws:iam::${B}:mfa/root`],
  });
  aws.addAccount(C, { loginProfile: true });
  return aws;
}

const plan = (aws: MemoryAws, predict?: ReadinessPredictor) =>
  makeRemediationPlan({ organizations: aws.organizations, rootSessions: aws.rootSessions, now: () => NOW }, { concurrency: 4, predictor: predict });

describe("remediate plan with the readiness prediction", () => {
  it("plans a blocked account with no items, names the policy and statement, and opens no session there", async () => {
    const aws = memory();
    const p = await plan(
      aws,
      predictor({ [A]: { verdict: "blocked", blockedBy: [DENY_ROOT], deniedActions: ["iam:DeleteLoginProfile", "iam:DeleteAccessKey"] } }),
    );
    const a = p.accounts.find((x) => x.accountId === A)!;
    expect(a.items).toEqual([]);
    expect(a.blocked).toEqual({
      message:
        "root sessions with IAMDeleteRootUserCredentials are predicted denied by service control policy DenyRootUser (p-denyroot1) attached to ou-ex12-prod0001, statement DenyRoot (explicit deny)",
      blockedBy: [DENY_ROOT],
    });
    expect(aws.events.filter((e) => e.startsWith(`open ${A}`))).toEqual([]);
    expect(p.summary.blocked).toBe(1);
    expect(p.selection.prediction).toBe("used");
  });

  it("asks about IAMDeleteRootUserCredentials, the task apply runs", async () => {
    const predict = predictor({});
    await plan(memory(), predict);
    expect(new Set(predict.asked.map(([, t]) => t))).toEqual(new Set(["IAMDeleteRootUserCredentials"]));
  });

  it("in a partial account plans what is allowed and holds back the denied kind naming the statement", async () => {
    const aws = memory();
    const p = await plan(aws, predictor({ [B]: { verdict: "partial", blockedBy: [DENY_KEYS], deniedActions: ["iam:DeleteAccessKey"] } }));
    const b = p.accounts.find((x) => x.accountId === B)!;
    expect(b.items.map((i) => i.kind)).toEqual(["login-profile", "mfa-devices"]);
    expect(b.heldBack).toEqual([
      {
        kind: "access-keys",
        id: "AKIAB1",
        reason:
          "blocked: iam:DeleteAccessKey is predicted denied by service control policy KeepKeys (p-nokeys01) attached to ou-ex12-prod0001, statement NoKeyDeletes (explicit deny)",
      },
      { kind: "access-keys", id: "AKIAB2", reason: expect.stringContaining("statement NoKeyDeletes") },
    ]);
    expect(b.prediction).toEqual({ verdict: "partial" });
  });

  it("plans an unknown account normally and records why the prediction is unknown", async () => {
    const p = await plan(memory(), predictor({ [C]: { verdict: "unknown", reason: "statement 2 of p-ip000001 depends on aws:SourceIp" } }));
    const c = p.accounts.find((x) => x.accountId === C)!;
    expect(c.items).toEqual([{ kind: "login-profile", id: null, createdAt: null, lastUsed: null }]);
    expect(c.prediction).toEqual({ verdict: "unknown", reason: "statement 2 of p-ip000001 depends on aws:SourceIp" });
  });

  it("without a predictor says the prediction is not available", async () => {
    const p = await plan(memory());
    expect(p.selection.prediction).toBe("not available");
    expect(p.accounts.every((a) => a.prediction === null)).toBe(true);
  });

  it("lists an account whose audit failed with the error and plans nothing there", async () => {
    const aws = memory();
    aws.failing.add("iam:GetAccessKeyLastUsed");
    const p = await plan(aws);
    expect(p.accounts.map((a) => a.error?.code)).toEqual(["AccessDenied", "AccessDenied", "AccessDenied"]);
    expect(p.summary.items).toBe(0);
  });
});

describe("remediate apply in process", () => {
  const journalOf = () => {
    const records: JournalRecord[] = [];
    return { records, port: { append: (r: JournalRecord) => void records.push(r) } };
  };
  const apply = (aws: MemoryAws, p: RemediationPlan, previous: JournalRecord[], journal = journalOf(), signal?: AbortSignal) =>
    applyRemediationPlan(aws, { plan: p, planName: "plan.json", previous, journal: journal.port, concurrency: 2, signal }, scriptedConfirm(aws, "--yes"));

  it("reports blocked accounts as blocked and opens no session there", async () => {
    const aws = memory();
    const p = await plan(aws, predictor({ [A]: { verdict: "blocked", blockedBy: [DENY_ROOT], deniedActions: ["iam:DeleteAccessKey"] } }));
    aws.events.length = 0;
    const outcome = await apply(aws, p, []);
    if (outcome.decision !== "done") throw new Error("expected done");
    expect(outcome.result.accounts.find((a) => a.accountId === A)).toMatchObject({
      status: "blocked",
      reason: expect.stringContaining("DenyRootUser (p-denyroot1)"),
    });
    expect(aws.events.filter((e) => e.startsWith(`open ${A}`))).toEqual([]);
    expect(aws.accounts.get(A)!.credentials.loginProfile).toBe(true);
  });

  it("after a crash in the middle of an account reads it again and finishes it, deleting nothing twice", async () => {
    const aws = memory();
    const p = await plan(aws);
    // An earlier run deleted B's login profile and was killed right after sending the first key's delete.
    aws.accounts.get(B)!.credentials.loginProfile = false;
    aws.accounts.get(B)!.credentials.accessKeys = aws.accounts.get(B)!.credentials.accessKeys.filter((k) => k.id !== "AKIAB1");
    aws.accounts.get(A)!.credentials.loginProfile = false;
    aws.accounts.get(A)!.credentials.accessKeys = [];
    const previous: JournalRecord[] = [
      { type: "account-start", accountId: A },
      {
        type: "account-done",
        accountId: A,
        status: "done",
        items: [
          { kind: "login-profile", id: null, result: "deleted" },
          { kind: "access-keys", id: "AKIAA1", result: "deleted" },
        ],
      },
      { type: "account-start", accountId: B },
      { type: "attempt", accountId: B, kind: "login-profile", id: null },
      { type: "outcome", accountId: B, kind: "login-profile", id: null, result: "deleted" },
      { type: "attempt", accountId: B, kind: "access-keys", id: "AKIAB1" },
    ];
    aws.events.length = 0;
    const outcome = await apply(aws, p, previous);
    if (outcome.decision !== "done") throw new Error("expected done");
    expect(aws.events.filter((e) => e.startsWith("open"))).toEqual([`open ${B} IAMDeleteRootUserCredentials`, `open ${C} IAMDeleteRootUserCredentials`]);
    // Accounts run side by side: the order within an account is asserted, not across accounts.
    expect(aws.events.filter((e) => e.startsWith(`delete ${B}`))).toEqual([
      `delete ${B} access-keys AKIAB2`,
      `delete ${B} mfa-devices arn:aws:iam::${B}:mfa/root`,
    ]);
    expect(aws.events.filter((e) => e.startsWith("delete")).sort()).toEqual([
      `delete ${B} access-keys AKIAB2`,
      `delete ${B} mfa-devices arn:aws:iam::${B}:mfa/root`,
      `delete ${C} login-profile`,
    ]);
    const b = outcome.result.accounts.find((a) => a.accountId === B)!;
    expect(b.items.map((i) => [i.id ?? i.kind, i.result])).toEqual([
      ["login-profile", "deleted"],
      ["AKIAB1", "deleted"],
      ["AKIAB2", "deleted"],
      [`arn:aws:iam::${B}:mfa/root`, "deleted"],
    ]);
    expect(outcome.result.accounts.find((a) => a.accountId === A)).toMatchObject({ status: "done", resumed: true });
  });

  it("on a signal starts no new account, finishes what is in flight, and leaves the rest for a rerun", async () => {
    const aws = memory();
    const p = await plan(aws);
    const stop = new AbortController();
    const journal = journalOf();
    const origin = aws.rootSessions.withRootSession;
    aws.rootSessions.withRootSession = async (id, task, fn) => {
      const r = await origin(id, task, fn);
      stop.abort();
      return r;
    };
    const outcome = await applyRemediationPlan(
      aws,
      { plan: p, planName: "plan.json", previous: [], journal: journal.port, concurrency: 1, signal: stop.signal },
      scriptedConfirm(aws, "--yes"),
    );
    if (outcome.decision !== "done") throw new Error("expected done");
    expect(outcome.interrupted).toBe(true);
    expect(outcome.result.accounts.map((a) => a.status)).toEqual(["done", "interrupted", "interrupted"]);
    expect(aws.accounts.get(B)!.credentials.loginProfile).toBe(true);
    // A rerun with the journal finishes the job.
    const rerun = await apply(aws, p, journal.records);
    if (rerun.decision !== "done") throw new Error("expected done");
    expect(rerun.result.accounts.map((a) => a.status)).toEqual(["done", "done", "done"]);
  });

  it("refuses a plan of another organization", async () => {
    const aws = memory();
    const p = { ...(await plan(aws)), organizationId: "o-other00000" };
    await expect(apply(aws, p, [])).rejects.toThrow("plan.json: organizationId: the plan is for o-other00000, but these credentials are in o-memory00000");
  });
});

describe("runPool", () => {
  it("never runs more than `concurrency` tasks and takes items from a generator as it goes", async () => {
    let running = 0;
    let peak = 0;
    let pulled = 0;
    function* items() {
      for (let i = 0; i < 50; i++) {
        pulled += 1;
        yield i;
      }
    }
    const seen: number[] = [];
    await runPool(
      items(),
      async (i) => {
        running += 1;
        peak = Math.max(peak, running);
        expect(pulled - seen.length).toBeLessThanOrEqual(3);
        await new Promise((r) => setTimeout(r, 1));
        seen.push(i);
        running -= 1;
      },
      { concurrency: 3 },
    );
    expect(peak).toBe(3);
    expect(seen.sort((a, b) => a - b)).toEqual([...Array(50).keys()]);
  });
});
