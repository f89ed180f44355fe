// What every handler of the fake is given: the organization, the calling identity, the options and
// the request's region. Its own file so the handlers and server.ts do not import each other.
import type { FakeOrganization } from "./model";

export interface Caller {
  readonly accessKeyId: string;
  readonly accountId: string;
  readonly arn: string;
  /** Set when the caller holds root-session credentials from AssumeRoot. */
  readonly rootSession?: { accountId: string; taskPolicy: string };
  /** Set for credentials from sts:AssumeRole: the role's identity policies limit the caller (when the role exists in the fake). */
  readonly roleName?: string;
}

export interface FailureRule {
  /** "service:Action" (e.g. "sts:AssumeRoot", "iam:ListAccessKeys") or "*". */
  readonly operation: string;
  /** Only calls about this account (AssumeRoot's target, a root session's account, else the caller's). */
  readonly accountId?: string;
  readonly status?: number;
  readonly code: string;
  readonly message?: string;
  /** Fail only the first N matching calls (transient faults). @default - every matching call */
  readonly times?: number;
  /** Fail every Nth matching call. */
  readonly every?: number;
}

/**
 * Requests the fake reads and then never answers, as a dead connection does (AWS endpoints behind a
 * broken network path). Without client timeouts such a call waits forever.
 */
export interface UnansweredRule {
  /** About this share of the matching requests, spread evenly (0.01: the 100th, 200th, ...). @default 1 (all) */
  readonly fraction?: number;
  /** Only these operations ("organizations:DescribeOrganization"). @default - every operation */
  readonly operations?: readonly string[];
  /** Only requests about these accounts (as FailureRule.accountId). @default - every account */
  readonly accountIds?: readonly string[];
}

export interface FakeAwsOptions {
  /** Added to every request. @default 0 */
  readonly latencyMs?: number;
  /** Requests per second per operation ("sts:AssumeRoot": 100); excess calls are throttled as AWS does. */
  readonly rateLimits?: Record<string, number>;
  readonly failures?: FailureRule[];
  /** Organizations ListAccounts page size (AWS: at most 20). @default 20 */
  readonly accountsPageSize?: number;
  /** How long a queue policy change takes to show in GetQueueAttributes (AWS: up to 60 s). @default 0 */
  readonly sqsPropagationMs?: number;
  /** Requests never answered (dead connections). @default - every request is answered */
  readonly unanswered?: UnansweredRule;
  /** Root sessions expire after this long whatever DurationSeconds asked (to test expiry). @default - as asked */
  readonly rootSessionLifetimeMs?: number;
}

export interface HandlerContext {
  readonly org: FakeOrganization;
  readonly caller: Caller;
  readonly options: FakeAwsOptions;
  /** The region the request was signed for (the endpoint's region). */
  readonly region: string;
}
