// Audits the root credentials of every member account: each account appears exactly once in the
// report, as audited, skipped (with a reason) or error (with the AWS error); a failure never
// becomes "no credentials".
import pLimit from "p-limit";
import { COMMAND_TASK_POLICY, FEATURES } from "../aws-constants";
import { AwsError, featureNotEnabled } from "../errors";

/** AWS answers to iam:ListOrganizationsFeatures that mean the organization is not set up yet. */
const SETUP_PROBLEMS = ["ServiceAccessNotEnabled", "OrganizationNotInAllFeaturesMode"];
import { errorInfo, hasRootCredentials } from "./credentials";
import { AccountSummary, ErrorInfo, OrganizationsPort, RootCredentials, RootSessionsPort } from "./ports";

export const ACCOUNT_STATUSES = ["audited", "skipped", "error"] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

/** One account's line in the report (JSON field names are a contract). */
export interface AccountAudit {
  readonly accountId: string;
  readonly name: string;
  readonly email: string;
  readonly state: string;
  readonly status: AccountStatus;
  readonly reason?: string;
  readonly error?: ErrorInfo;
  readonly rootCredentials?: RootCredentials;
  readonly hasRootCredentials?: boolean;
}

export interface AuditReport {
  readonly organizationId: string;
  readonly generatedAt: string;
  readonly accounts: AccountAudit[];
  readonly summary: { total: number; audited: number; withRootCredentials: number; skipped: number; errors: number };
}

export interface AuditOptions {
  /** Only these accounts. @default - every account */
  readonly accountIds?: readonly string[];
  /** Only accounts under this OU or root, recursively. */
  readonly organizationalUnitId?: string;
  /** Accounts audited at once. */
  readonly concurrency: number;
}

export interface AuditProgress {
  /** Accounts known so far (grows while ListAccounts pages arrive). */
  readonly total: number;
  readonly done: number;
  readonly errors: number;
  /** True once every account is known. */
  readonly listed: boolean;
}

export interface AuditDeps {
  readonly organizations: OrganizationsPort;
  readonly rootSessions: RootSessionsPort;
  readonly now?: () => Date;
}

export const DEFAULT_CONCURRENCY = 32;
export const MAX_CONCURRENCY = 256;

/** Refuses to start when the organization cannot be audited, saying what to do. */
export async function assertAuditable(organizations: OrganizationsPort): Promise<void> {
  let enabledFeatures: readonly string[];
  try {
    ({ enabledFeatures } = await organizations.organizationsFeatures());
  } catch (err) {
    // Setup problems, not AWS failures: exit 2 like a feature that is off (README, exit codes).
    if (err instanceof AwsError && SETUP_PROBLEMS.includes(err.code)) throw featureNotEnabled(`${err.message} (then audit again)`);
    throw err;
  }
  const [credentialsManagement, rootSessions] = FEATURES;
  if (!enabledFeatures.includes(credentialsManagement)) {
    throw featureNotEnabled(
      `${credentialsManagement} is not enabled in this organization: deploy the stack (cdktf deploy) with it in "features", then audit again`,
    );
  }
  if (!enabledFeatures.includes(rootSessions)) {
    throw featureNotEnabled(
      `${rootSessions} is not enabled in this organization: the audit opens root sessions (sts:AssumeRoot); deploy the stack with it in "features", then audit again`,
    );
  }
}

export async function auditOrganization(deps: AuditDeps, options: AuditOptions, onProgress?: (p: AuditProgress) => void): Promise<AuditReport> {
  const { organizations, rootSessions } = deps;
  const [organization] = await Promise.all([organizations.describeOrganization(), assertAuditable(organizations)]);
  const limit = pLimit(options.concurrency);
  const results: Promise<AccountAudit>[] = [];
  const wanted = options.accountIds ? new Set(options.accountIds) : undefined;
  const seen = new Set<string>();
  let done = 0;
  let errors = 0;
  let listed = false;
  const progress = () => onProgress?.({ total: results.length, done, errors, listed });

  const finish = (audit: AccountAudit): AccountAudit => {
    done += 1;
    if (audit.status === "error") errors += 1;
    progress();
    return audit;
  };

  const pages = options.organizationalUnitId ? organizations.accountPagesUnder(options.organizationalUnitId) : organizations.accountPages();
  // Audit each page's accounts while the next pages are still being listed.
  for await (const page of pages) {
    for (const account of page) {
      if ((wanted && !wanted.has(account.id)) || seen.has(account.id)) continue;
      seen.add(account.id);
      const skip = skipReason(account, organization.managementAccountId);
      results.push(skip ? Promise.resolve(finish(skipped(account, skip))) : limit(() => auditAccount(account, rootSessions).then(finish)));
    }
    progress();
  }
  for (const id of wanted ?? []) {
    if (!seen.has(id))
      results.push(
        Promise.resolve(
          finish({ accountId: id, name: "", email: "", state: "UNKNOWN", status: "skipped", reason: "not a member account of this organization" }),
        ),
      );
  }
  listed = true;
  progress();
  const accounts = await Promise.all(results);
  return { organizationId: organization.id, generatedAt: (deps.now?.() ?? new Date()).toISOString(), accounts, summary: summarize(accounts) };
}

function skipReason(account: AccountSummary, managementAccountId: string): string | undefined {
  if (account.id === managementAccountId) return "management account: not a target of root sessions";
  if (account.state !== "ACTIVE") return `account is ${account.state}`;
  return undefined;
}

function base(account: AccountSummary) {
  return { accountId: account.id, name: account.name, email: account.email, state: account.state };
}

function skipped(account: AccountSummary, reason: string): AccountAudit {
  return { ...base(account), status: "skipped", reason };
}

async function auditAccount(account: AccountSummary, rootSessions: RootSessionsPort): Promise<AccountAudit> {
  try {
    const rootCredentials = await rootSessions.withRootSession(account.id, COMMAND_TASK_POLICY.audit, (session) => session.readRootCredentials());
    return { ...base(account), status: "audited", rootCredentials, hasRootCredentials: hasRootCredentials(rootCredentials) };
  } catch (err) {
    return { ...base(account), status: "error", error: errorInfo(err) };
  }
}

export function summarize(accounts: readonly AccountAudit[]): AuditReport["summary"] {
  return {
    total: accounts.length,
    audited: accounts.filter((a) => a.status === "audited").length,
    withRootCredentials: accounts.filter((a) => a.hasRootCredentials === true).length,
    skipped: accounts.filter((a) => a.status === "skipped").length,
    errors: accounts.filter((a) => a.status === "error").length,
  };
}
