// Checks made before any root session: the feature is on, and every target is an active member.
import { FEATURES } from "../../aws-constants";
import { refused, UserError } from "../../errors";
import { errorInfo } from "../credentials";
import { mapPool } from "../worker-pool";
import { AccountSummary, ActionLogEntry, ActionLogPort, CallerIdentity, Confirm, Decision, OrganizationsPort, RootSessionsPort } from "../ports";

export interface Preflight {
  readonly caller: CallerIdentity;
  readonly organizationId: string;
  readonly managementAccountId: string;
  readonly targets: AccountSummary[];
}

/** What every privileged workflow needs: AWS, the action log (the caller is added to each line), and the person. */
export interface PrivilegedDeps {
  readonly organizations: OrganizationsPort;
  readonly rootSessions: RootSessionsPort;
  /** Opens the action log for this caller. */
  readonly actionLog: (caller: CallerIdentity) => ActionLogPort;
  /** Waits, for polling (injected in tests). @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * Aborted on SIGINT/SIGTERM: no new step is started, calls in flight finish and are logged, and
   * the outcome lists what was left undone. @default - never aborted
   */
  readonly signal?: AbortSignal;
}

/** A step a stop left undone (never sent to AWS). */
export interface UndoneStep {
  readonly accountId: string;
  /** e.g. "delete-access-key", "delete-s3-bucket-policy". */
  readonly action: string;
  readonly target?: string;
}

/**
 * Logs `attempt` before a call that changes AWS, runs it, and logs its outcome: the log shows every
 * call that was sent, even when the process is killed while it is in flight.
 */
export async function logged<T>(
  log: ActionLogPort,
  entry: Omit<ActionLogEntry, "result" | "error">,
  call: () => Promise<T>,
  outcome: (value: T) => string,
): Promise<T> {
  log.write({ ...entry, result: "attempt" });
  let value: T;
  try {
    value = await call();
  } catch (err) {
    // A bug is logged too (the call may have reached AWS), then thrown on with its stack.
    log.write({
      ...entry,
      result: "failed",
      error: err instanceof UserError ? errorInfo(err) : { code: "Internal", message: String((err as Error)?.message ?? err) },
    });
    throw err;
  }
  log.write({ ...entry, result: outcome(value) });
  return value;
}

/** Refuses (exit 1) before anything happens when any target is not an ACTIVE member account. */
export async function preflight(api: OrganizationsPort, accountIds: readonly string[]): Promise<Preflight> {
  const [caller, organization, features] = await Promise.all([api.callerIdentity(), api.describeOrganization(), api.organizationsFeatures()]);
  const rootSessions = FEATURES[1];
  if (!features.enabledFeatures.includes(rootSessions)) {
    throw refused(
      `${rootSessions} is not enabled in the organization ${organization.id}: privileged root actions need it; deploy the stack with "${rootSessions}" in features`,
    );
  }
  const targets: AccountSummary[] = [];
  const management = accountIds.find((id) => id === organization.managementAccountId);
  if (management) throw refused(`${management} is the management account: root sessions cannot target it (use its own root user, with MFA)`);
  // Looked up a few at a time (Organizations throttles), checked in the order given.
  const found = await mapPool(accountIds, 8, (id) => api.describeAccount(id));
  for (const [n, id] of accountIds.entries()) {
    const account = found[n];
    if (!account) throw refused(`${id} is not a member account of the organization ${organization.id}`);
    if (account.state !== "ACTIVE") throw refused(`${id} (${account.name}) is ${account.state}: only ACTIVE accounts can be acted on`);
    targets.push(account);
  }
  return { caller, organizationId: organization.id, managementAccountId: organization.managementAccountId, targets };
}

/**
 * Asks once for every account in `accounts` and logs the answer for each. Returns true to go on,
 * false for a dry run; a "no" is logged and thrown on.
 */
export async function gate(confirm: Confirm<unknown>, log: ActionLogPort, question: string, accounts: readonly string[]): Promise<boolean> {
  let decision: Decision;
  try {
    decision = await confirm.ask(question);
  } catch (err) {
    if ((err as { code?: string })?.code === "NotConfirmed") for (const account of accounts) log.write({ account, action: "confirm", result: "not confirmed" });
    throw err;
  }
  const result = decision === "dry-run" ? "dry-run" : `confirmed (${decision})`;
  for (const account of accounts) log.write({ account, action: "confirm", result });
  return decision !== "dry-run";
}
