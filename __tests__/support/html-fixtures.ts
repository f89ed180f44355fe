// Readiness reports, remediation plans and apply results for the HTML tests: n accounts in three
// OUs, every verdict / status, a Control Tower-style blocking statement and the hostile name.
import type { AccountReadiness, BlockingPolicy, ReadinessReport, TaskReadiness } from "../../lib/domain/readiness/readiness-report";
import type { BlockingStatement } from "../../lib/domain/readiness/prediction";
import { ApplyAccount, ApplyResult, summarizeApply } from "../../lib/domain/remediation/apply";
import { PlanAccount, RemediationPlan, summarizePlan } from "../../lib/domain/remediation/plan";
import { HOSTILE_NAME } from "./hostile";

export const OU_PATHS = ["Root/Workloads/Prod", "Root/Workloads/Dev", "Root/Sandbox"] as const;
export const accountId = (i: number) => String(200000000000 + i);
/** Account i's name: the hostile one for account 3. */
export const accountName = (i: number) => (i === 3 ? HOSTILE_NAME : `workload-${String(i).padStart(5, "0")}`);
/** Account i's OU path: Prod, Dev, Sandbox in turn. */
export const ouPathOf = (i: number) => OU_PATHS[i % 3];

export const CT_STATEMENT: BlockingStatement = {
  policyId: "p-ctroot0001",
  policyName: "aws-guardrails-RestrictRoot",
  policyType: "SERVICE_CONTROL_POLICY",
  targetId: "ou-ex12-prod0001",
  statementSid: "GRRESTRICTROOTUSER",
  statementIndex: 0,
  actions: ["iam:DeleteLoginProfile", "iam:DeleteAccessKey"],
  kind: "explicit",
};

/** Prod accounts (i % 3 == 0) blocked on delete; every 4th account partial on audit; account 5 unknown on delete. */
export function readinessReport(n: number): ReadinessReport {
  const accounts: AccountReadiness[] = [];
  for (let i = 1; i <= n; i++) {
    const audit: TaskReadiness =
      i % 4 === 0
        ? {
            taskPolicy: "IAMAuditRootUserCredentials",
            verdict: "partial",
            blockedBy: [
              {
                ...CT_STATEMENT,
                policyId: "p-allowlist01",
                policyName: "allow-list",
                targetId: "r-ex12",
                statementSid: undefined,
                statementIndex: -1,
                kind: "implicit",
                actions: ["iam:ListSigningCertificates"],
              },
            ],
            deniedActions: ["iam:ListSigningCertificates"],
          }
        : { taskPolicy: "IAMAuditRootUserCredentials", verdict: "ready", blockedBy: [], deniedActions: [] };
    const del: TaskReadiness =
      i % 3 === 0
        ? { taskPolicy: "IAMDeleteRootUserCredentials", verdict: "blocked", blockedBy: [CT_STATEMENT], deniedActions: [...CT_STATEMENT.actions] }
        : i === 5
          ? {
              taskPolicy: "IAMDeleteRootUserCredentials",
              verdict: "unknown",
              blockedBy: [],
              deniedActions: [],
              reason: 'statement "DenyOffHours" of p-offhours01 has a condition on aws:CurrentTime, which a prediction cannot know',
            }
          : { taskPolicy: "IAMDeleteRootUserCredentials", verdict: "ready", blockedBy: [], deniedActions: [] };
    accounts.push({ accountId: accountId(i), name: accountName(i), ouPath: ouPathOf(i), tasks: [audit, del] });
  }
  const cells = accounts.flatMap((a) => a.tasks);
  const count = (v: string) => cells.filter((c) => c.verdict === v).length;
  const blockedAccounts = accounts.filter((a) => a.tasks.some((t) => t.verdict === "blocked")).length;
  const partialAccounts = accounts.filter((a) => a.tasks.some((t) => t.verdict === "partial")).length;
  const blockingPolicies: BlockingPolicy[] = [
    {
      ...CT_STATEMENT,
      accounts: blockedAccounts,
      taskPolicies: ["IAMDeleteRootUserCredentials"],
      change:
        "set the ExemptAssumeRoot parameter of Control Tower's restrict-root-user control on the OU ou-ex12-prod0001 (its service control policy p-ctroot0001 denies root sessions otherwise); do not edit the control's policy by hand",
    },
    {
      policyId: "p-allowlist01",
      policyName: "allow-list",
      policyType: "SERVICE_CONTROL_POLICY",
      targetId: "r-ex12",
      statementIndex: -1,
      kind: "implicit",
      actions: ["iam:ListSigningCertificates"],
      accounts: partialAccounts,
      taskPolicies: ["IAMAuditRootUserCredentials"],
      change: "allow iam:ListSigningCertificates at the root: the service control policy p-allowlist01 (allow-list) attached there allows none of them",
    },
  ];
  return {
    organizationId: "o-exampleorgid",
    generatedAt: "2026-12-01T10:00:00.000Z",
    accounts,
    summary: { accounts: n, ready: count("ready"), blocked: count("blocked"), partial: count("partial"), unknown: count("unknown"), blockingPolicies },
  };
}

/** Prod accounts blocked; account 4 errored; every 2nd other account with a password and a key; account 7 a held-back key. */
export function remediationPlan(n: number): RemediationPlan {
  const accounts: PlanAccount[] = [];
  for (let i = 1; i <= n; i++) {
    const blocked = i % 3 === 0;
    const error = i === 4;
    const items =
      blocked || error || i % 2 === 0
        ? []
        : [
            { kind: "login-profile" as const, id: null, createdAt: "2019-05-01T00:00:00.000Z", lastUsed: null },
            { kind: "access-keys" as const, id: `AKIAROOT${i}`, createdAt: "2020-01-01T00:00:00.000Z", lastUsed: "2024-02-03T00:00:00.000Z" },
          ];
    accounts.push({
      accountId: accountId(i),
      name: accountName(i),
      ouPath: ouPathOf(i),
      items,
      heldBack: i === 7 ? [{ kind: "access-keys", id: "AKIARECENT7", reason: "used 2026-11-20, within 90 days (--keep-used-within)" }] : [],
      blocked: blocked
        ? {
            message: `no IAMDeleteRootUserCredentials root session: iam:DeleteLoginProfile, iam:DeleteAccessKey denied by the service control policy p-ctroot0001`,
            blockedBy: [CT_STATEMENT],
          }
        : null,
      error: error ? { code: "AccessDenied", message: "not authorized to perform: sts:AssumeRoot" } : null,
      prediction: { verdict: blocked ? "blocked" : "ready" },
    });
  }
  const skipped = [{ accountId: "111111111111", name: "management", reason: "management account: not a root session target" }];
  return {
    formatVersion: 1,
    organizationId: "o-exampleorgid",
    createdAt: "2026-12-01T09:00:00.000Z",
    caller: { accountId: "111111111111", arn: "arn:aws:sts::111111111111:assumed-role/Ops/alice" },
    selection: {
      accounts: null,
      ou: null,
      only: ["login-profile", "access-keys", "mfa-devices", "signing-certificates"],
      keepUsedWithinDays: 90,
      includeActiveCertificates: false,
      prediction: "used",
    },
    accounts,
    summary: summarizePlan(accounts, skipped),
  };
}

/** The plan applied: account 1's key failed to delete; account 11's login profile was already gone; the rest as planned. */
export function applyResult(plan: RemediationPlan): ApplyResult {
  const accounts = plan.accounts.map((a): ApplyAccount => {
    const held = a.heldBack.map((h) => ({ kind: h.kind, id: h.id, result: "held back" as const }));
    if (a.blocked) return { accountId: a.accountId, status: "blocked", items: held, reason: a.blocked.message };
    if (a.error) return { accountId: a.accountId, status: "error", items: [], reason: `the plan's audit failed: ${a.error.code}: ${a.error.message}` };
    if (a.items.length === 0) return { accountId: a.accountId, status: held.length ? "held back" : "nothing to do", items: held };
    if (a.accountId === accountId(1))
      return {
        accountId: a.accountId,
        status: "failed",
        items: [
          { kind: "login-profile", id: null, result: "deleted" },
          { kind: "access-keys", id: "AKIAROOT1", result: "failed", error: { code: "StillPresent", message: "still there when read again after deletion" } },
        ],
      };
    return {
      accountId: a.accountId,
      status: "done",
      items: a.items.map((i) => ({
        kind: i.kind,
        id: i.id,
        result: a.accountId === accountId(11) && i.kind === "login-profile" ? ("already absent" as const) : ("deleted" as const),
      })),
    };
  });
  return { accounts, summary: summarizeApply(accounts) };
}
