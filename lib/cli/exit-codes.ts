/** The CLI's exit codes (a contract: scripts and pipelines depend on them). */
export const EXIT = {
  ok: 0,
  /** Findings (check, audit --fail-on-credentials) or a refused action. */
  findings: 1,
  /** Bad usage or config. */
  usage: 2,
  /** AWS errors on some accounts or calls. */
  aws: 3,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
