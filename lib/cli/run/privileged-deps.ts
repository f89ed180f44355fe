// The ports a privileged workflow runs with: AWS (root sessions where the alerts listen), the
// action log file (opened before any AWS call), and the stop signal (SIGINT/SIGTERM).
import type { AwsPorts } from "../../aws";
import type { PrivilegedDeps } from "../../domain/privileged/preflight";
import { withAws } from "../command";
import type { ExitCode } from "../exit-codes";
import { fileActionLog } from "../io/action-log-file";
import { AppendLog } from "../io/append-log";
import { Output } from "../output";
import type { PrivilegedOptions } from "../privileged-command";
import { sessionRegionFromConfig } from "../session-region";
import { rootSessionsFor } from "./predicted-sessions";
import { installStopSignal, StopSignalName } from "./stop-signal";

export interface PrivilegedRun<T> {
  readonly value: T;
  /** 130 or 143 when SIGINT or SIGTERM stopped the run (the caller prints what was left undone). */
  readonly stopped?: ExitCode;
  /** The signal that stopped it. */
  readonly stoppedBy?: StopSignalName;
}

/**
 * Runs a privileged workflow with AWS (the caller's credentials, root sessions where alerts listen),
 * the action log file and the stop signal. `checks` run first, before any AWS call (files the
 * command will write); so does opening the action log.
 */
export async function withPrivilegedDeps<T>(
  opts: PrivilegedOptions,
  out: Output,
  fn: (deps: PrivilegedDeps, aws: AwsPorts) => Promise<T>,
  checks: () => void = () => undefined,
): Promise<PrivilegedRun<T>> {
  const sessionRegion = sessionRegionFromConfig(out, opts.config, opts.region ?? process.env.AWS_REGION);
  checks();
  const log = AppendLog.open(opts.actionLog);
  const stop = installStopSignal(out);
  try {
    const value = await withAws({ profile: opts.profile, region: opts.region, sessionRegion }, async (aws) => {
      // Where SCPs or RCPs would refuse the task, no root session is opened (unless --no-predict).
      const rootSessions = await rootSessionsFor(aws, opts, out, opts.account);
      return fn({ organizations: aws.organizations, rootSessions, actionLog: (caller) => fileActionLog(log, caller), signal: stop.signal }, aws);
    });
    return { value, stopped: stop.exitCode(), stoppedBy: stop.received };
  } finally {
    stop.dispose();
    log.close();
  }
}
