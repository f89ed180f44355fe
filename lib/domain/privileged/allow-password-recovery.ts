// Lets a member account's root user recover its password: CreateLoginProfile (no password) in an
// IAMCreateRootUserPassword session opened after the confirmation.
import { COMMAND_TASK_POLICY, TaskPolicy } from "../../aws-constants";
import { errorInfo } from "../credentials";
import { Confirm, ErrorInfo } from "../ports";
import { gate, preflight, PrivilegedDeps } from "./preflight";

export const PASSWORD_TASK_POLICY: TaskPolicy = COMMAND_TASK_POLICY["allow-password-recovery"];

export type PasswordRecoveryResult =
  | { readonly accountId: string; readonly result: "allowed" | "already allowed" }
  | { readonly accountId: string; readonly result: "failed"; readonly error: ErrorInfo };

export type PasswordRecoveryOutcome = { readonly decision: "dry-run" } | { readonly decision: "done"; readonly result: PasswordRecoveryResult };

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
  try {
    const created = await deps.rootSessions.withRootSession(accountId, taskPolicy, (session) => session.createLoginProfile());
    const result = created ? "allowed" : "already allowed";
    log.write({ account: accountId, taskPolicy, action: "create-login-profile", result });
    return { decision: "done", result: { accountId, result } };
  } catch (err) {
    const error = errorInfo(err);
    log.write({ account: accountId, taskPolicy, action: "create-login-profile", result: "failed", error });
    return { decision: "done", result: { accountId, result: "failed", error } };
  }
}
