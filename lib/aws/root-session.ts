// Root sessions (sts:AssumeRoot): opened one per account and task, paced by a shared adaptive
// limiter, credentials kept in memory only and handed to clients that live as long as the task.
// withRootSession() opens, runs and closes: no client or credential leaves this file.
import type { IAMClient } from "@aws-sdk/client-iam";
import type { S3Client } from "@aws-sdk/client-s3";
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { STSClient } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity } from "@aws-sdk/types";
import { CredentialKind, MAX_ROOT_SESSION_SECONDS, Partition, partitionOf, TaskPolicy, taskPolicyArn } from "../aws-constants";
import type { CredentialDetail, CredentialItem, PolicyTarget, RootCredentials, RootSessionCalls, RootSessionsPort } from "../domain/ports";
import { AdaptiveRateLimiter } from "./adaptive-rate-limiter";
import { AwsError, errorCode, toAwsError } from "./aws-error";
import { ClientOptions, httpHandler, newClient } from "./clients";
import { deleteBucketPolicy, getBucketPolicy, getQueuePolicy, putBucketPolicy, queueUrlRegion, setQueuePolicy } from "./resource-policy-api";
import { createRootLoginProfile, deleteCredentialItem, readCredentialDetails, readRootCredentials } from "./root-credentials-api";

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
export class RootSession implements RootSessionCalls {
  // A true private field: not enumerable, not shown by console.log or JSON.stringify.
  readonly #credentials: AwsCredentialIdentity;

  constructor(
    readonly accountId: string,
    readonly taskPolicy: TaskPolicy,
    credentials: AwsCredentialIdentity,
    private readonly clientOptions: ClientOptions,
    /** The connections every root session's clients share (see RootSessionOpener). */
    private readonly requestHandler?: unknown,
  ) {
    this.#credentials = credentials;
  }

  private readonly clients = new Map<string, { destroy(): void }>();

  private cached<T extends { destroy(): void }>(key: string, build: () => T): T {
    let client = this.clients.get(key) as T | undefined;
    if (!client) this.clients.set(key, (client = build()));
    return client;
  }

  /** IAM acting as the account's root user (calls without UserName act on root). */
  private iam(): IAMClient {
    return this.cached("iam", () => newClient("iam", { ...this.clientOptions, credentials: this.#credentials, requestHandler: this.requestHandler }));
  }

  /**
   * S3 in this root session. A bucket in another region answers 301 with its region; the SDK follows
   * it (followRegionRedirects). Path-style addressing when an endpoint override (a local emulator) is set.
   */
  private s3(env: NodeJS.ProcessEnv = process.env): S3Client {
    const overridden = Boolean(env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL);
    return this.cached("s3", () =>
      newClient("s3", {
        ...this.clientOptions,
        credentials: this.#credentials,
        requestHandler: this.requestHandler,
        forcePathStyle: overridden || undefined,
        followRegionRedirects: true,
      }),
    );
  }

  /** SQS in this root session, in the queue's own region; the queue URL is the endpoint unless one is configured. */
  private sqs(queueUrl: string, env: NodeJS.ProcessEnv = process.env): SQSClient {
    const overridden = Boolean(env.AWS_ENDPOINT_URL_SQS || env.AWS_ENDPOINT_URL);
    const region = queueUrlRegion(queueUrl) ?? this.clientOptions.region;
    return this.cached(`sqs:${region}`, () =>
      newClient("sqs", {
        ...this.clientOptions,
        region,
        credentials: this.#credentials,
        requestHandler: this.requestHandler,
        useQueueUrlAsEndpoint: !overridden,
      }),
    );
  }

  readRootCredentials(kinds?: readonly CredentialKind[]): Promise<RootCredentials> {
    return readRootCredentials(this.iam(), kinds);
  }

  readCredentialDetails(): Promise<CredentialDetail[]> {
    return readCredentialDetails(this.iam());
  }

  deleteCredential(item: CredentialItem): Promise<"deleted" | "already absent"> {
    return deleteCredentialItem(this.iam(), item);
  }

  createLoginProfile(): Promise<boolean> {
    return createRootLoginProfile(this.iam());
  }

  getResourcePolicy(target: PolicyTarget): Promise<string | undefined> {
    return target.kind === "s3-bucket-policy" ? getBucketPolicy(this.s3(), target.bucket) : getQueuePolicy(this.sqs(target.queueUrl), target.queueUrl);
  }

  deleteResourcePolicy(target: PolicyTarget): Promise<void> {
    return target.kind === "s3-bucket-policy" ? deleteBucketPolicy(this.s3(), target.bucket) : setQueuePolicy(this.sqs(target.queueUrl), target.queueUrl, "");
  }

  putResourcePolicy(target: PolicyTarget, policy: string): Promise<void> {
    return target.kind === "s3-bucket-policy"
      ? putBucketPolicy(this.s3(), target.bucket, policy)
      : setQueuePolicy(this.sqs(target.queueUrl), target.queueUrl, policy);
  }

  /** Ends the session: its clients, and with them the credentials, are dropped. */
  close(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
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

/** Connections per host that root sessions share: the accounts in flight times their parallel reads, with room. */
const SESSION_SOCKETS = 256;

export class RootSessionOpener {
  private readonly sts: STSClient;
  private readonly partition: Partition;
  /**
   * One HTTP handler (a keep-alive connection pool) for every root session's clients, instead of
   * one per session: a session no longer opens new connections (a TLS handshake each against AWS),
   * which was a tenth of the CLI's time at a hundred accounts a second. Requests are signed by each
   * session's own client; the pool only carries them. Sessions get a view whose destroy() does
   * nothing (a client's destroy() destroys its handler); destroy() here closes the pool.
   */
  private handler?: ReturnType<typeof httpHandler>;
  private sessionHandler?: object;

  constructor(
    private readonly clientOptions: ClientOptions,
    readonly limiter: AdaptiveRateLimiter = new AdaptiveRateLimiter(),
    private readonly options: RootSessionOpenerOptions = {},
  ) {
    // Our limiter handles AssumeRoot's throttling. No SDK retries (they would hide throttling from
    // it) and no SDK adaptive mode: its own client-side limiter stalls sending for seconds after a
    // few throttles, which measured here as half the achievable rate.
    this.sts = newClient("sts", { ...clientOptions, maxAttempts: 1, retryMode: "standard" });
    // Task policy ARNs name the partition of the credentials (and so of the region).
    this.partition = partitionOf(clientOptions.region) ?? "aws";
  }

  async open(accountId: string, taskPolicy: TaskPolicy): Promise<RootSession> {
    const maxAttempts = this.options.maxAttempts ?? 20;
    const durationSeconds = Math.min(this.options.durationSeconds ?? MAX_ROOT_SESSION_SECONDS, MAX_ROOT_SESSION_SECONDS);
    for (let attempt = 1; ; attempt++) {
      const sentAt = await this.limiter.acquire();
      try {
        const { AssumeRootCommand } = require("@aws-sdk/client-sts") as typeof import("@aws-sdk/client-sts");
        const out = await this.sts.send(
          new AssumeRootCommand({
            TargetPrincipal: accountId,
            TaskPolicyArn: { arn: taskPolicyArn(taskPolicy, this.partition) },
            DurationSeconds: durationSeconds,
          }),
        );
        this.limiter.onSuccess();
        const c = out.Credentials;
        if (!c?.AccessKeyId || !c.SecretAccessKey) throw new AwsError("NoCredentials", "sts:AssumeRoot: the response had no credentials", "sts:AssumeRoot");
        return new RootSession(
          accountId,
          taskPolicy,
          { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration },
          this.clientOptions,
          this.sharedHandler(),
        );
      } catch (err) {
        const throttled = isThrottling(err);
        if (throttled) this.limiter.onThrottle(sentAt);
        if (attempt >= maxAttempts || !(throttled || isTransient(err))) throw toAwsError(err, "sts:AssumeRoot");
        if (!throttled) await new Promise((r) => setTimeout(r, Math.min(2000, 50 * 2 ** attempt) * Math.random()));
      }
    }
  }

  private sharedHandler(): object {
    if (!this.sessionHandler) {
      const handler = (this.handler = httpHandler(process.env, SESSION_SOCKETS));
      this.sessionHandler = {
        metadata: handler.metadata,
        handle: handler.handle.bind(handler),
        updateHttpClientConfig: handler.updateHttpClientConfig.bind(handler),
        httpHandlerConfigs: handler.httpHandlerConfigs.bind(handler),
        destroy: () => undefined,
      };
    }
    return this.sessionHandler;
  }

  destroy(): void {
    this.sts.destroy();
    this.handler?.destroy();
  }
}

/** The domain's RootSessionsPort: one session per call of withRootSession, closed when it returns. */
export class RootSessions implements RootSessionsPort {
  constructor(private readonly opener: RootSessionOpener) {}

  async withRootSession<T>(accountId: string, taskPolicy: TaskPolicy, fn: (session: RootSessionCalls) => Promise<T>): Promise<T> {
    const session = await this.opener.open(accountId, taskPolicy);
    try {
      return await fn(session);
    } finally {
      session.close();
    }
  }

  destroy(): void {
    this.opener.destroy();
  }
}
