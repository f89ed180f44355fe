// Lets a member account's root user recover its password: CreateLoginProfile (no password) in an
// IAMCreateRootUserPassword session opened after the confirmation.
import { COMMAND_TASK_POLICY, TaskPolicy } from "../../aws-constants";
import { errorInfo } from "../credentials";
import { Confirm, ErrorInfo } from "../ports";
import { gate, logged, preflight, PrivilegedDeps, UndoneStep } from "./preflight";

export const PASSWORD_TASK_POLICY: TaskPolicy = COMMAND_TASK_POLICY["allow-password-recovery"];

export type PasswordRecoveryResult =
  | { readonly accountId: string; readonly result: "allowed" | "already allowed" }
  | { readonly accountId: string; readonly result: "failed"; readonly error: ErrorInfo };

export type PasswordRecoveryOutcome =
  | { readonly decision: "dry-run" }
  /** Stopped (deps.signal) before anything was sent. */
  | { readonly decision: "stopped"; readonly undone: UndoneStep[] }
  | { readonly decision: "done"; readonly result: PasswordRecoveryResult };

export async function allowPasswordRecovery(
  deps: PrivilegedDeps,
  accountId: string,
  confirm: Confirm<{ accountId: string }>,
): Promise<PasswordRecoveryOutcome> {
  const { caller } = await preflight(deps.organizations, [accountId]);
  const log = deps.actionLog(caller);
  confirm.show({ accountId });
  if (!(await gate(confirm, log, `Allow root password recovery in ${accountId}?`, [accountId]))) return { decision: "dry-run" };
  const taskPolicy = PASSWORD_TASK_POLICY;
  const entry = { account: accountId, taskPolicy, action: "create-login-profile" };
  if (deps.signal?.aborted) return { decision: "stopped", undone: [{ accountId, action: entry.action }] };
  try {
    const created = await logged(
      log,
      entry,
      () => deps.rootSessions.withRootSession(accountId, taskPolicy, (session) => session.createLoginProfile()),
      (c) => (c ? "allowed" : "already allowed"),
    );
    return { decision: "done", result: { accountId, result: created ? "allowed" : "already allowed" } };
  } catch (err) {
    return { decision: "done", result: { accountId, result: "failed", error: errorInfo(err) } };
  }
}
