import { AwsError, toAwsError } from "../../aws/aws-error";
import { createRootLoginProfile } from "../../aws/root-credentials-api";
import { RootSessionOpener } from "../../aws/root-session";
import { ActionLog } from "./action-log";

export type PasswordRecoveryResult = { readonly accountId: string; readonly result: "allowed" | "already allowed" } | { readonly accountId: string; readonly result: "failed"; readonly error: { code: string; message: string } };

/** CreateLoginProfile with no parameters in an IAMCreateRootUserPassword session. */
export async function allowPasswordRecovery(rootSessions: RootSessionOpener, accountId: string, log: ActionLog): Promise<PasswordRecoveryResult> {
  const taskPolicy = "IAMCreateRootUserPassword" as const;
  try {
    const session = await rootSessions.open(accountId, taskPolicy);
    const iam = session.iam();
    try {
      const created = await createRootLoginProfile(iam);
      const result = created ? "allowed" : "already allowed";
      log.write({ account: accountId, taskPolicy, action: "create-login-profile", result });
      return { accountId, result };
    } finally {
      iam.destroy();
    }
  } catch (err) {
    const e = err instanceof AwsError ? err : toAwsError(err, "iam:CreateLoginProfile");
    const error = { code: e.code, message: e.message };
    log.write({ account: accountId, taskPolicy, action: "create-login-profile", result: "failed", error });
    return { accountId, result: "failed", error };
  }
}
