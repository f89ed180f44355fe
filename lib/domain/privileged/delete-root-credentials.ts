// Deletes member accounts' root credentials: audit, plan, delete item by item, audit again.
import { CREDENTIAL_KINDS, CredentialKind } from "../../aws-constants";
import { AwsError, toAwsError } from "../../aws/aws-error";
import { CredentialItem, deleteCredentialItem, isNoSuchEntity, readRootCredentials, RootCredentials } from "../../aws/root-credentials-api";
import { RootSession, RootSessionOpener } from "../../aws/root-session";
import { ActionLog } from "./action-log";

export interface DeletionPlan {
  readonly accountId: string;
  /** What will be deleted (empty: nothing to do). */
  readonly items: CredentialItem[];
  /** The audit failed: nothing is deleted in this account. */
  readonly error?: { readonly code: string; readonly message: string };
  /** The audit session, reused for the audit after deletion (one session per account and task). */
  readonly auditSession?: RootSession;
}

export type ItemResult = "deleted" | "already absent" | "failed";

export interface AccountDeletion {
  readonly accountId: string;
  readonly items: (CredentialItem & { readonly result: ItemResult; readonly error?: { code: string; message: string } })[];
  /** What the audit after deletion still found (of the selected kinds). */
  readonly remaining: CredentialItem[];
  /** Set when the account could not be audited or no delete session could be opened: reported as failed. */
  readonly error?: { readonly code: string; readonly message: string };
}

export function credentialItems(c: RootCredentials, only: readonly CredentialKind[] = CREDENTIAL_KINDS): CredentialItem[] {
  const items: CredentialItem[] = [];
  if (only.includes("login-profile") && c.loginProfile) items.push({ kind: "login-profile" });
  if (only.includes("access-keys")) for (const k of c.accessKeys) items.push({ kind: "access-keys", id: k.id });
  if (only.includes("mfa-devices")) for (const serial of c.mfaDevices) items.push({ kind: "mfa-devices", id: serial });
  if (only.includes("signing-certificates")) for (const cert of c.signingCertificates) items.push({ kind: "signing-certificates", id: cert.id });
  return items;
}

function asError(err: unknown, operation: string) {
  const e = err instanceof AwsError ? err : toAwsError(err, operation);
  return { code: e.code, message: e.message };
}

async function audit(session: RootSession): Promise<RootCredentials> {
  const iam = session.iam();
  try {
    return await readRootCredentials(iam);
  } finally {
    iam.destroy();
  }
}

/** Audits the account (IAMAuditRootUserCredentials) and lists what would be deleted. */
export async function planDeletion(rootSessions: RootSessionOpener, accountId: string, only: readonly CredentialKind[]): Promise<DeletionPlan> {
  try {
    const auditSession = await rootSessions.open(accountId, "IAMAuditRootUserCredentials");
    return { accountId, items: credentialItems(await audit(auditSession), only), auditSession };
  } catch (err) {
    return { accountId, items: [], error: asError(err, "audit") };
  }
}

/** Deletes the planned items in one IAMDeleteRootUserCredentials session, then audits again. */
export async function executeDeletion(rootSessions: RootSessionOpener, plan: DeletionPlan, only: readonly CredentialKind[], log: ActionLog): Promise<AccountDeletion> {
  const { accountId } = plan;
  if (plan.error) return { accountId, items: [], remaining: [], error: plan.error };
  const results: AccountDeletion["items"][number][] = [];
  if (plan.items.length > 0) {
    let session;
    try {
      session = await rootSessions.open(accountId, "IAMDeleteRootUserCredentials");
    } catch (err) {
      const error = asError(err, "sts:AssumeRoot");
      log.write({ account: accountId, taskPolicy: "IAMDeleteRootUserCredentials", action: "assume-root", result: "failed", error });
      return { accountId, items: plan.items.map((i) => ({ ...i, result: "failed", error })), remaining: plan.items, error };
    }
    const iam = session.iam();
    try {
      // One at a time: a handful of items, and the log reads in the order things happened.
      for (const item of plan.items) {
        const action = `delete-${item.kind.replace(/s$/, "")}`;
        try {
          await deleteCredentialItem(iam, item);
          results.push({ ...item, result: "deleted" });
          log.write({ account: accountId, taskPolicy: "IAMDeleteRootUserCredentials", action, target: item.id, result: "deleted" });
        } catch (err) {
          if (isNoSuchEntity(err)) {
            results.push({ ...item, result: "already absent" });
            log.write({ account: accountId, taskPolicy: "IAMDeleteRootUserCredentials", action, target: item.id, result: "already absent" });
          } else {
            const error = asError(err, `iam:${action}`);
            results.push({ ...item, result: "failed", error });
            log.write({ account: accountId, taskPolicy: "IAMDeleteRootUserCredentials", action, target: item.id, result: "failed", error });
          }
        }
      }
    } finally {
      iam.destroy();
    }
  }
  try {
    return { accountId, items: results, remaining: credentialItems(await audit(plan.auditSession!), only) };
  } catch (err) {
    // Without a final audit nothing is known to be gone: report the account as failed.
    return { accountId, items: results, remaining: [], error: asError(err, "audit") };
  }
}
