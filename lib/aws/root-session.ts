// Root sessions (sts:AssumeRoot): opened one per account and task, paced by a shared adaptive
// limiter, credentials kept in memory only and handed to clients that live as long as the task.
import { IAMClient } from "@aws-sdk/client-iam";
import { S3Client } from "@aws-sdk/client-s3";
import { SQSClient } from "@aws-sdk/client-sqs";
import { AssumeRootCommand, STSClient } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity } from "@aws-sdk/types";
import { MAX_ROOT_SESSION_SECONDS, TaskPolicy, taskPolicyArn } from "../aws-constants";
import { AdaptiveRateLimiter } from "./adaptive-rate-limiter";
import { AwsError, errorCode, toAwsError } from "./aws-error";
import { ClientOptions } from "./clients";

const THROTTLING = new Set(["Throttling", "ThrottlingException", "TooManyRequestsException", "RequestLimitExceeded", "SlowDown", "RequestThrottled"]);

export function isThrottling(err: unknown): boolean {
  return THROTTLING.has(errorCode(err));
}

/** Server faults and network errors are worth another try; client errors are not. */
export function isTransient(err: unknown): boolean {
  const e = err as { $metadata?: { httpStatusCode?: number }; $retryable?: unknown; code?: string; name?: string };
  const status = e?.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) return true;
  if (e?.$retryable) return true;
  return ["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "TimeoutError", "RequestTimeout"].includes(e?.code ?? e?.name ?? "");
}

/** A root session in one member account: credentials that never leave this object and its clients. */
export class RootSession {
  // A true private field: not enumerable, not shown by console.log or JSON.stringify.
  readonly #credentials: AwsCredentialIdentity;

  constructor(
    readonly accountId: string,
    readonly taskPolicy: TaskPolicy,
    credentials: AwsCredentialIdentity,
    private readonly clientOptions: ClientOptions,
  ) {
    this.#credentials = credentials;
  }

  /** An IAM client acting as the account's root user (calls without UserName act on root). */
  iam(): IAMClient {
    return new IAMClient({ ...this.clientOptions, credentials: this.#credentials });
  }

  /** S3 in this root session; path-style addressing when an endpoint override (a local emulator) is set. */
  s3(env: NodeJS.ProcessEnv = process.env): S3Client {
    const overridden = Boolean(env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL);
    return new S3Client({ ...this.clientOptions, credentials: this.#credentials, forcePathStyle: overridden || undefined });
  }

  /** SQS in this root session, in the queue's own region; the queue URL is the endpoint unless one is configured. */
  sqs(region: string | undefined, env: NodeJS.ProcessEnv = process.env): SQSClient {
    const overridden = Boolean(env.AWS_ENDPOINT_URL_SQS || env.AWS_ENDPOINT_URL);
    return new SQSClient({ ...this.clientOptions, region: region ?? this.clientOptions.region, credentials: this.#credentials, useQueueUrlAsEndpoint: !overridden });
  }

  /** What may be shown: never the keys or the session token. */
  toJSON(): Record<string, string> {
    return { accountId: this.accountId, taskPolicy: this.taskPolicy };
  }
}

export interface RootSessionOpenerOptions {
  /** Attempts per AssumeRoot before the account is reported as failed. @default 20 */
  readonly maxAttempts?: number;
  /** @default 900 (the maximum) */
  readonly durationSeconds?: number;
}

export class RootSessionOpener {
  private readonly sts: STSClient;

  constructor(
    private readonly clientOptions: ClientOptions,
    readonly limiter: AdaptiveRateLimiter = new AdaptiveRateLimiter(),
    private readonly options: RootSessionOpenerOptions = {},
  ) {
    // Our limiter handles AssumeRoot's throttling. No SDK retries (they would hide throttling from
    // it) and no SDK adaptive mode: its own client-side limiter stalls sending for seconds after a
    // few throttles, which measured here as half the achievable rate.
    this.sts = new STSClient({ ...clientOptions, maxAttempts: 1, retryMode: "standard" });
  }

  async open(accountId: string, taskPolicy: TaskPolicy): Promise<RootSession> {
    const maxAttempts = this.options.maxAttempts ?? 20;
    const durationSeconds = Math.min(this.options.durationSeconds ?? MAX_ROOT_SESSION_SECONDS, MAX_ROOT_SESSION_SECONDS);
    for (let attempt = 1; ; attempt++) {
      const sentAt = await this.limiter.acquire();
      try {
        const out = await this.sts.send(
          new AssumeRootCommand({ TargetPrincipal: accountId, TaskPolicyArn: { arn: taskPolicyArn(taskPolicy) }, DurationSeconds: durationSeconds }),
        );
        this.limiter.onSuccess();
        const c = out.Credentials;
        if (!c?.AccessKeyId || !c.SecretAccessKey) throw new AwsError("NoCredentials", "sts:AssumeRoot: the response had no credentials", "sts:AssumeRoot");
        return new RootSession(accountId, taskPolicy, { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration }, this.clientOptions);
      } catch (err) {
        const throttled = isThrottling(err);
        if (throttled) this.limiter.onThrottle(sentAt);
        if (attempt >= maxAttempts || !(throttled || isTransient(err))) throw toAwsError(err, "sts:AssumeRoot");
        if (!throttled) await new Promise((r) => setTimeout(r, Math.min(2000, 50 * 2 ** attempt) * Math.random()));
      }
    }
  }

  destroy(): void {
    this.sts.destroy();
  }
}
