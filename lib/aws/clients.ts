// One place that builds AWS SDK clients: standard credential chain and config, endpoint overrides
// from AWS_ENDPOINT_URL*, adaptive retries, a user agent naming this tool. Clients are loaded on
// first use, so a command pays only for the services it calls.
import { appendFileSync } from "node:fs";
import type { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import type { IAMClient } from "@aws-sdk/client-iam";
import type { OrganizationsClient } from "@aws-sdk/client-organizations";
import type { S3Client } from "@aws-sdk/client-s3";
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { STSClient } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@aws-sdk/types";
import type { OrganizationDescription } from "../domain/ports";
import { unsupportedRegion } from "../aws-constants";
import { noRegion, unsupportedPartition, usageError } from "../errors";
import { operationOf } from "../permissions";
import { checkProfile } from "./profiles";

export const TOOL_NAME = "cdktf-root-access";
import { TOOL_VERSION } from "../version";
export { TOOL_VERSION };

/**
 * Retries: the SDK's adaptive mode (client-side rate limiting) with more attempts than the
 * default 3, because an organization-wide audit meets throttling bursts and must not lose accounts.
 */
export const MAX_ATTEMPTS = 8;

/**
 * Timeouts of every HTTP request. The SDK's Node handler waits forever by default: one dead
 * connection (a request sent, no answer ever) hung a whole audit and a privileged preflight. With
 * them a stalled call fails as a TimeoutError, which the retry policy treats like a 5xx (retried,
 * then reported as that account's error). AWS answers these APIs in well under a second; 30 s
 * leaves room for a slow network without waiting forever. ROOT_ACCESS_HTTP_TIMEOUT_MS overrides
 * the request timeout (tests with a fake that leaves calls unanswered).
 */
export const CONNECTION_TIMEOUT_MS = 5_000;
export const REQUEST_TIMEOUT_MS = 30_000;
export const HTTP_TIMEOUT_ENV = "ROOT_ACCESS_HTTP_TIMEOUT_MS";

/** The request timeout: REQUEST_TIMEOUT_MS unless HTTP_TIMEOUT_ENV names a positive whole number of milliseconds. */
export function requestTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const value = env[HTTP_TIMEOUT_ENV];
  if (value === undefined || value === "") return REQUEST_TIMEOUT_MS;
  if (!/^[1-9]\d*$/.test(value)) throw usageError(`${HTTP_TIMEOUT_ENV}=${JSON.stringify(value.slice(0, 40))}: expected a whole number of milliseconds`);
  return Number(value);
}

/** Set to a file path to record every SDK call as a JSON line ({"operation": "iam:ListAccessKeys"}); used by the declared-actions test. */
export const RECORD_CALLS_ENV = "ROOT_ACCESS_RECORD_AWS_CALLS";

export interface AwsContext {
  /** A named profile from the shared config files. @default - the default chain */
  readonly profile?: string;
  /** The region for STS (AssumeRoot needs a regional endpoint) and regional services. @default - AWS_REGION, then the profile's region */
  readonly region?: string;
  /** A role to assume first (e.g. a config entry's provider.assumeRoleArn). */
  readonly assumeRoleArn?: string;
  /**
   * Chooses the region of the STS endpoint root sessions are opened through (AssumeRoot is logged,
   * and alerted on, in that region), once the organization is known.
   * @default - the region above
   */
  readonly sessionRegion?: (organization: OrganizationDescription) => string | undefined;
}

export interface ClientOptions {
  readonly region: string;
  readonly credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  readonly maxAttempts: number;
  readonly retryMode: "adaptive" | "standard";
  readonly customUserAgent: string;
}

const SERVICES = {
  organizations: () => (require("@aws-sdk/client-organizations") as typeof import("@aws-sdk/client-organizations")).OrganizationsClient,
  iam: () => (require("@aws-sdk/client-iam") as typeof import("@aws-sdk/client-iam")).IAMClient,
  sts: () => (require("@aws-sdk/client-sts") as typeof import("@aws-sdk/client-sts")).STSClient,
  s3: () => (require("@aws-sdk/client-s3") as typeof import("@aws-sdk/client-s3")).S3Client,
  sqs: () => (require("@aws-sdk/client-sqs") as typeof import("@aws-sdk/client-sqs")).SQSClient,
  cloudtrail: () => (require("@aws-sdk/client-cloudtrail") as typeof import("@aws-sdk/client-cloudtrail")).CloudTrailClient,
};
export type Service = keyof typeof SERVICES;
interface ServiceClients {
  organizations: OrganizationsClient;
  iam: IAMClient;
  sts: STSClient;
  s3: S3Client;
  sqs: SQSClient;
  cloudtrail: CloudTrailClient;
}

type AnyClient = { destroy(): void; middlewareStack: { add: (mw: any, options: any) => void } };

/**
 * An HTTP handler with the timeouts above. `maxSockets` bounds the connections per host
 * (the SDK's default is 50).
 */
export function httpHandler(env: NodeJS.ProcessEnv = process.env, maxSockets?: number) {
  const { NodeHttpHandler } = require("@smithy/node-http-handler") as typeof import("@smithy/node-http-handler");
  const timeout = requestTimeoutMs(env);
  const agent = maxSockets ? { keepAlive: true, maxSockets } : undefined;
  return new NodeHttpHandler({
    connectionTimeout: Math.min(CONNECTION_TIMEOUT_MS, timeout),
    requestTimeout: timeout,
    // Without this a request timeout only logs a warning and the call goes on waiting.
    throwOnRequestTimeout: true,
    // A response whose body stops arriving is cut the same way.
    socketTimeout: timeout,
    ...(agent ? { httpAgent: agent, httpsAgent: agent } : {}),
  });
}

/** Builds one client of `service`, with the recording middleware when RECORD_CALLS_ENV is set. */
export function newClient<S extends Service>(service: S, config: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): ServiceClients[S] {
  const Client = SERVICES[service]() as unknown as new (c: Record<string, unknown>) => AnyClient;
  // One handler per client unless one is given (root sessions share one): destroying a client destroys its own handler.
  const { requestHandler, ...rest } = config;
  const client = new Client({ ...rest, requestHandler: requestHandler ?? httpHandler(env) });
  const file = env[RECORD_CALLS_ENV];
  if (file) {
    client.middlewareStack.add(
      (next: (a: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
        appendFileSync(file, `${JSON.stringify({ operation: operationOf(service, context.commandName ?? "") })}\n`);
        return next(args);
      },
      { step: "initialize", name: "rootAccessCallRecorder" },
    );
  }
  return client as unknown as ServiceClients[S];
}

/** The caller's clients, each built on first use and destroyed together. */
export class AwsClients {
  private readonly built = new Map<Service, AnyClient>();

  constructor(readonly options: ClientOptions) {}

  get region(): string {
    return this.options.region;
  }

  client<S extends Service>(service: S): ServiceClients[S] {
    let client = this.built.get(service);
    if (!client) {
      client = newClient(service, { ...this.options }) as unknown as AnyClient;
      this.built.set(service, client);
    }
    return client as unknown as ServiceClients[S];
  }

  destroy(): void {
    for (const client of this.built.values()) client.destroy();
    this.built.clear();
  }
}

/**
 * The region to use: explicit (--region), else AWS_REGION / AWS_DEFAULT_REGION, else the profile's
 * `region` in the shared config file (as the AWS CLI does); refused when none.
 */
export async function resolveRegion(region: string | undefined, profile: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const resolved = region || env.AWS_REGION || env.AWS_DEFAULT_REGION;
  if (resolved) return resolved;
  // The SDK's own region chain reads the shared config file's `region` for the profile.
  const probe = newClient("sts", { profile });
  try {
    const fromProfile = await probe.config.region();
    if (fromProfile) return fromProfile;
  } catch {
    // No region in the environment or the profile: refused below.
  } finally {
    probe.destroy();
  }
  throw noRegion("no AWS region: pass --region, set AWS_REGION, or set region in the profile (STS AssumeRoot needs a regional endpoint)");
}

export async function createClients(context: AwsContext): Promise<AwsClients> {
  if (context.profile !== undefined) checkProfile(context.profile);
  const region = await resolveRegion(context.region, context.profile);
  const unsupported = unsupportedRegion(region);
  if (unsupported) throw unsupportedPartition(unsupported);
  const { fromNodeProviderChain, fromTemporaryCredentials } = require("@aws-sdk/credential-providers") as typeof import("@aws-sdk/credential-providers");
  let credentials: AwsCredentialIdentityProvider = fromNodeProviderChain({ profile: context.profile });
  if (context.assumeRoleArn) {
    credentials = fromTemporaryCredentials({
      params: { RoleArn: context.assumeRoleArn, RoleSessionName: TOOL_NAME },
      masterCredentials: credentials,
      clientConfig: { region },
    });
  }
  return new AwsClients({
    region,
    credentials,
    maxAttempts: MAX_ATTEMPTS,
    retryMode: "adaptive",
    customUserAgent: `${TOOL_NAME}/${TOOL_VERSION}`,
  });
}
