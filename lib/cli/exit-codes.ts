// The CLI's exit codes (a contract: scripts and pipelines depend on them), and the one place an
// error's category becomes an exit code.
import { ErrorCategory } from "../errors";

export const EXIT = {
  ok: 0,
  /** Findings (check, audit --fail-on-credentials, review --fail-on) or a refused or unconfirmed action. */
  findings: 1,
  /** Bad usage, config or input file; audit with a feature it needs turned off. */
  usage: 2,
  /** AWS errors on some accounts or calls. */
  aws: 3,
  /** A bug in root-access (sysexits EX_SOFTWARE): run again with --debug and report it. */
  internal: 70,
  /** Stopped by SIGINT (Ctrl-C) after the calls in flight finished: what was left undone is printed. */
  interrupted: 130,
  /** Stopped by SIGTERM, likewise. */
  terminated: 143,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

const BY_CATEGORY: Record<ErrorCategory, ExitCode> = {
  refused: EXIT.findings,
  usage: EXIT.usage,
  aws: EXIT.aws,
  internal: EXIT.internal,
  interrupted: EXIT.interrupted,
};

export function exitCodeFor(category: ErrorCategory): ExitCode {
  return BY_CATEGORY[category];
}

/** The table shown in --help and the README. */
export const EXIT_CODE_HELP =
  "Exit codes: 0 ok, 1 findings or refused action, 2 usage or config error, 3 AWS errors, 70 internal error (a bug: run with --debug and report it), 130/143 stopped by SIGINT/SIGTERM (what was left undone is printed).";
