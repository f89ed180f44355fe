// The ports a privileged workflow runs with: AWS (root sessions where the alerts listen) and the action log file.
import type { AwsPorts } from "../../aws";
import { loadOrganizationsConfig } from "../../config/load-config";
import type { PrivilegedDeps } from "../../domain/privileged/preflight";
import { withAws } from "../command";
import { fileActionLog } from "../io/action-log-file";
import { Output } from "../output";
import type { PrivilegedOptions } from "../privileged-command";
import { alertSessionRegion } from "../session-region";
import { rootSessionsFor } from "./predicted-sessions";

/** Runs a privileged workflow with AWS (the caller's credentials, root sessions where alerts listen) and the action log file. */
export function withPrivilegedDeps<T>(opts: PrivilegedOptions, out: Output, fn: (deps: PrivilegedDeps, aws: AwsPorts) => Promise<T>): Promise<T> {
  const sessionRegion = alertSessionRegion(out, loadOrganizationsConfig(), opts.region ?? process.env.AWS_REGION);
  return withAws({ profile: opts.profile, region: opts.region, sessionRegion }, async (aws) => {
    // Where SCPs or RCPs would refuse the task, no root session is opened (unless --no-predict).
    const rootSessions = await rootSessionsFor(aws, opts, out, opts.account);
    return fn({ organizations: aws.organizations, rootSessions, actionLog: (caller) => fileActionLog(opts.actionLog, caller) }, aws);
  });
}
