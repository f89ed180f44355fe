// `remediate plan`: audits the selected accounts (paced like `audit`), reads each item's dates and
// each access key's last use, consults the readiness prediction, and returns a plan a person can
// review. It changes nothing: its root sessions use the audit task policy.
import { COMMAND_TASK_POLICY, CREDENTIAL_KINDS, CredentialKind, TaskPolicy } from "../../aws-constants";
import { assertAuditable } from "../audit";
import { errorInfo } from "../credentials";
import type { AccountSummary, CallerIdentity, CredentialDetail, ErrorInfo, OrganizationsPort, RootSessionsPort } from "../ports";
import type { BlockingStatement, ReadinessPredictor, Verdict } from "../readiness/prediction";
import { runPool } from "../worker-pool";

export const PLAN_FORMAT_VERSION = 1;
/** Access keys used this recently are held back unless --keep-used-within says otherwise. */
export const DEFAULT_KEEP_USED_WITHIN_DAYS = 90;
/** The plan reads with the audit task policy (it allows GetAccessKeyLastUsed); apply deletes with this one, which the prediction is asked about. */
export const PLAN_READ_TASK_POLICY: TaskPolicy = COMMAND_TASK_POLICY["remediate plan"];
export const REMEDIATION_TASK_POLICY: TaskPolicy = COMMAND_TASK_POLICY["remediate apply"];

/** The IAM action that removes each kind (MFA devices: deactivated first, so that is the one that must be allowed). */
export const DELETE_ACTION: Record<CredentialKind, string> = {
  "login-profile": "iam:DeleteLoginProfile",
  "access-keys": "iam:DeleteAccessKey",
  "mfa-devices": "iam:DeactivateMFADevice",
  "signing-certificates": "iam:DeleteSigningCertificate",
};

/** One item to delete (JSON keys are a contract). `id` is null for the login profile. */
export interface PlanItem {
  readonly kind: CredentialKind;
  readonly id: string | null;
  readonly createdAt: string | null;
  /** An access key's last use (ISO 8601); null when never used or not a key. */
  readonly lastUsed: string | null;
}

export interface HeldBackItem {
  readonly kind: CredentialKind;
  readonly id: string | null;
  readonly reason: string;
}

/** Why an account is predicted to refuse the delete session: nothing is planned in it. */
export interface PlanBlocked {
  readonly message: string;
  readonly blockedBy: readonly BlockingStatement[];
}

export interface PlanAccount {
  readonly accountId: string;
  readonly name: string;
  readonly ouPath: string;
  readonly items: PlanItem[];
  readonly heldBack: HeldBackItem[];
  readonly blocked: PlanBlocked | null;
  /** The audit of this account failed (or it is not a member): nothing is planned in it. */
  readonly error: ErrorInfo | null;
  /** The readiness verdict for IAMDeleteRootUserCredentials, with the reason when unknown; null without a prediction. */
  readonly prediction: { readonly verdict: Verdict; readonly reason?: string } | null;
}

/** What was asked for: apply reads `only` to tell a new item from an unselected one. */
export interface PlanSelection {
  readonly accounts: string[] | null;
  readonly ou: string | null;
  readonly only: CredentialKind[];
  readonly keepUsedWithinDays: number;
  readonly includeActiveCertificates: boolean;
  /** "used", "not available" (with why), or "off (--no-predict)". */
  readonly prediction: string;
}

export interface PlanSummary {
  readonly accounts: number;
  readonly accountsWithItems: number;
  readonly items: number;
  readonly heldBack: number;
  readonly blocked: number;
  readonly errors: number;
  /** Accounts of the selection that are no target: the management account, accounts not ACTIVE. */
  readonly skipped: { readonly accountId: string; readonly name: string; readonly reason: string }[];
}

/** The plan (JSON keys are a contract; the file adds an integrity list, lib/cli/io/remediation-plan-file.ts). */
export interface RemediationPlan {
  readonly formatVersion: typeof PLAN_FORMAT_VERSION;
  readonly organizationId: string;
  readonly createdAt: string;
  readonly caller: CallerIdentity;
  readonly selection: PlanSelection;
  readonly accounts: PlanAccount[];
  readonly summary: PlanSummary;
}

export interface PlanInput {
  /** @default - every account */
  readonly accountIds?: readonly string[];
  readonly organizationalUnitId?: string;
  /** @default - every kind */
  readonly only?: readonly CredentialKind[];
  /** 0 plans keys whatever their last use. @default 90 */
  readonly keepUsedWithinDays?: number;
  /** @default false: active signing certificates are held back */
  readonly includeActiveCertificates?: boolean;
  readonly concurrency: number;
  /** Consulted for IAMDeleteRootUserCredentials per account. @default - none: nothing is predicted */
  readonly predictor?: ReadinessPredictor;
  /** What the plan says about the prediction when there is no predictor ("not available: ...", "off (--no-predict)"). */
  readonly predictionNote?: string;
}

export interface PlanDeps {
  readonly organizations: OrganizationsPort;
  readonly rootSessions: RootSessionsPort;
  readonly now?: () => Date;
}

export interface PlanProgress {
  readonly total: number;
  readonly done: number;
  readonly errors: number;
  readonly listed: boolean;
}

const DAY_MS = 86_400_000;

export async function makeRemediationPlan(deps: PlanDeps, input: PlanInput, onProgress?: (p: PlanProgress) => void): Promise<RemediationPlan> {
  const { organizations } = deps;
  const now = deps.now?.() ?? new Date();
  const [caller, organization] = await Promise.all([organizations.callerIdentity(), organizations.describeOrganization(), assertAuditable(organizations)]);
  const start = input.organizationalUnitId ?? (await organizations.roots())[0]?.id;
  if (!start) throw new Error("the organization has no root");
  const only = [...(input.only ?? CREDENTIAL_KINDS)];
  const rules: Rules = {
    only,
    keepUsedWithinDays: input.keepUsedWithinDays ?? DEFAULT_KEEP_USED_WITHIN_DAYS,
    includeActiveCertificates: input.includeActiveCertificates ?? false,
    now,
  };
  const wanted = input.accountIds ? new Set(input.accountIds) : undefined;
  const accounts: PlanAccount[] = [];
  const skipped: PlanSummary["skipped"] = [];
  const seen = new Set<string>();
  let listed = false;
  let done = 0;
  let errors = 0;
  const progress = () => onProgress?.({ total: accounts.length, done, errors, listed });

  // Targets in listing order; each account's slot is filled when its audit ends.
  async function* targets(): AsyncGenerator<{ index: number; account: AccountSummary; ouPath: string }> {
    for await (const page of organizations.accountPagesWithPath(start as string)) {
      for (const { account, ouPath } of page) {
        if ((wanted && !wanted.has(account.id)) || seen.has(account.id)) continue;
        seen.add(account.id);
        const reason =
          account.id === organization.managementAccountId
            ? "management account: not a target of root sessions"
            : account.state !== "ACTIVE"
              ? `account is ${account.state}`
              : undefined;
        if (reason) {
          skipped.push({ accountId: account.id, name: account.name, reason });
          continue;
        }
        const index = accounts.push(placeholder(account, ouPath)) - 1;
        progress();
        yield { index, account, ouPath };
      }
    }
    listed = true;
    progress();
  }

  await runPool(
    targets(),
    async ({ index, account, ouPath }) => {
      const planned = await planAccount(deps.rootSessions, account, ouPath, rules, input.predictor);
      accounts[index] = planned;
      done += 1;
      if (planned.error) errors += 1;
      progress();
    },
    { concurrency: input.concurrency },
  );
  for (const id of wanted ?? []) {
    if (seen.has(id)) continue;
    const where = input.organizationalUnitId ? `under ${input.organizationalUnitId}` : "of this organization";
    accounts.push({
      ...placeholder({ id, name: "", email: "", state: "UNKNOWN" }, ""),
      error: { code: "NotAMember", message: `${id} is not a member account ${where}` },
    });
  }
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    organizationId: organization.id,
    createdAt: now.toISOString(),
    caller,
    selection: {
      accounts: input.accountIds ? [...input.accountIds] : null,
      ou: input.organizationalUnitId ?? null,
      only,
      keepUsedWithinDays: rules.keepUsedWithinDays,
      includeActiveCertificates: rules.includeActiveCertificates,
      prediction: input.predictor ? "used" : (input.predictionNote ?? "not available"),
    },
    accounts,
    summary: summarizePlan(accounts, skipped),
  };
}

export function summarizePlan(accounts: readonly PlanAccount[], skipped: PlanSummary["skipped"]): PlanSummary {
  return {
    accounts: accounts.length,
    accountsWithItems: accounts.filter((a) => a.items.length > 0).length,
    items: accounts.reduce((n, a) => n + a.items.length, 0),
    heldBack: accounts.reduce((n, a) => n + a.heldBack.length, 0),
    blocked: accounts.filter((a) => a.blocked).length,
    errors: accounts.filter((a) => a.error).length,
    skipped,
  };
}

interface Rules {
  readonly only: readonly CredentialKind[];
  readonly keepUsedWithinDays: number;
  readonly includeActiveCertificates: boolean;
  readonly now: Date;
}

function placeholder(account: AccountSummary, ouPath: string): PlanAccount {
  return { accountId: account.id, name: account.name, ouPath, items: [], heldBack: [], blocked: null, error: null, prediction: null };
}

async function planAccount(
  rootSessions: RootSessionsPort,
  account: AccountSummary,
  ouPath: string,
  rules: Rules,
  predictor?: ReadinessPredictor,
): Promise<PlanAccount> {
  const base = placeholder(account, ouPath);
  const prediction = predictor?.predict(account.id, REMEDIATION_TASK_POLICY);
  const verdict = prediction ? { verdict: prediction.verdict, ...(prediction.reason ? { reason: prediction.reason } : {}) } : null;
  if (prediction?.verdict === "blocked") {
    // No root session is opened where the delete session is predicted refused.
    const [first, ...more] = prediction.blockedBy;
    const by = first ? describeStatement(first) + (more.length ? ` (and ${more.length} more)` : "") : "the organization's policies";
    return {
      ...base,
      prediction: verdict,
      blocked: { message: `root sessions with ${REMEDIATION_TASK_POLICY} are predicted denied by ${by}`, blockedBy: prediction.blockedBy },
    };
  }
  let details: CredentialDetail[];
  try {
    details = await rootSessions.withRootSession(account.id, PLAN_READ_TASK_POLICY, (s) => s.readCredentialDetails());
  } catch (err) {
    return { ...base, prediction: verdict, error: errorInfo(err) };
  }
  const denied = prediction?.verdict === "partial" ? prediction : undefined;
  const items: PlanItem[] = [];
  const heldBack: HeldBackItem[] = [];
  for (const d of details) {
    if (!rules.only.includes(d.kind)) continue;
    const id = d.id ?? null;
    const reason = holdBackReason(d, rules, denied?.deniedActions ?? [], denied?.blockedBy ?? []);
    if (reason) heldBack.push({ kind: d.kind, id, reason });
    else items.push({ kind: d.kind, id, createdAt: d.createdAt ?? null, lastUsed: d.lastUsed?.date ?? null });
  }
  return { ...base, prediction: verdict, items, heldBack };
}

/** Why an item is not planned, or undefined to plan it. */
export function holdBackReason(
  d: CredentialDetail,
  rules: Pick<Rules, "keepUsedWithinDays" | "includeActiveCertificates" | "now">,
  deniedActions: readonly string[],
  blockedBy: readonly BlockingStatement[],
): string | undefined {
  const action = DELETE_ACTION[d.kind];
  const isVirtualMfa = d.kind === "mfa-devices" && /:mfa\//.test(d.id ?? "");
  const deniedHere = [action, ...(isVirtualMfa ? ["iam:DeleteVirtualMFADevice"] : [])].filter((a) => deniedActions.includes(a));
  if (deniedHere.length > 0) {
    const statement = blockedBy.find((b) => deniedHere.some((a) => b.actions.includes(a))) ?? blockedBy[0];
    return `blocked: ${deniedHere.join(", ")} is predicted denied${statement ? ` by ${describeStatement(statement)}` : ""}`;
  }
  if (d.kind === "access-keys" && d.lastUsed && rules.keepUsedWithinDays > 0) {
    const ageDays = Math.floor((rules.now.getTime() - Date.parse(d.lastUsed.date)) / DAY_MS);
    if (ageDays < rules.keepUsedWithinDays) {
      const where = [d.lastUsed.service, d.lastUsed.region].filter(Boolean).join(" in ");
      return `used ${ageDays} days ago (${d.lastUsed.date.slice(0, 10)}${where ? `, ${where}` : ""}), within ${rules.keepUsedWithinDays} days: something may still depend on it (--keep-used-within 0 plans it anyway)`;
    }
  }
  if (d.kind === "signing-certificates" && d.status === "Active" && !rules.includeActiveCertificates) {
    return "active signing certificate: IAM records no last use for certificates, so a legacy client may still sign with it; deactivate it and plan again, or pass --include-active-certificates";
  }
  return undefined;
}

const POLICY_WORDS = { SERVICE_CONTROL_POLICY: "service control policy", RESOURCE_CONTROL_POLICY: "resource control policy" } as const;

/** "service control policy DenyRoot (p-abc) attached to ou-x, statement DenyAll (explicit deny)". */
export function describeStatement(b: BlockingStatement): string {
  const statement = b.statementSid ? `statement ${b.statementSid}` : `statement #${b.statementIndex}`;
  return `${POLICY_WORDS[b.policyType]} ${b.policyName} (${b.policyId}) attached to ${b.targetId}, ${statement} (${b.kind} deny)`;
}
