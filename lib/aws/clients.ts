// One place that builds AWS SDK clients: standard credential chain and config, endpoint overrides
// from AWS_ENDPOINT_URL*, adaptive retries, and a user agent naming this tool.
import { IAMClient } from "@aws-sdk/client-iam";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { STSClient } from "@aws-sdk/client-sts";
import { fromNodeProviderChain, fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@aws-sdk/types";
import { UserError } from "../errors";

export const TOOL_NAME = "cdktf-root-access";
export const TOOL_VERSION: string = require("../../package.json").version;

/**
 * Retries: the SDK's adaptive mode (client-side rate limiting) with more attempts than the
 * default 3, because an organization-wide audit meets throttling bursts and must not lose accounts.
 */
export const MAX_ATTEMPTS = 8;

export interface AwsContext {
  /** A named profile from the shared config files. @default - the default chain */
  readonly profile?: string;
  /** The region for STS (AssumeRoot needs a regional endpoint) and regional services. */
  readonly region?: string;
  /** A role to assume first (e.g. a config entry's provider.assumeRoleArn). */
  readonly assumeRoleArn?: string;
}

export interface ClientOptions {
  readonly region: string;
  readonly credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  readonly maxAttempts: number;
  readonly retryMode: "adaptive";
  readonly customUserAgent: string;
}

export interface AwsClients {
  readonly region: string;
  readonly organizations: OrganizationsClient;
  readonly iam: IAMClient;
  readonly sts: STSClient;
  /** Options to build further clients with the same settings (e.g. per root session). */
  readonly options: ClientOptions;
}

/** The region to use: explicit, else AWS_REGION / AWS_DEFAULT_REGION; refused when none. */
export function resolveRegion(region: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const resolved = region || env.AWS_REGION || env.AWS_DEFAULT_REGION;
  if (!resolved) throw new UserError("NoRegion", "no AWS region: pass --region or set AWS_REGION (STS AssumeRoot needs a regional endpoint)");
  return resolved;
}

export function createClients(context: AwsContext): AwsClients {
  const region = resolveRegion(context.region);
  let credentials: AwsCredentialIdentityProvider = fromNodeProviderChain({ profile: context.profile });
  if (context.assumeRoleArn) {
    credentials = fromTemporaryCredentials({
      params: { RoleArn: context.assumeRoleArn, RoleSessionName: TOOL_NAME },
      masterCredentials: credentials,
      clientConfig: { region },
    });
  }
  const options: ClientOptions = {
    region,
    credentials,
    maxAttempts: MAX_ATTEMPTS,
    retryMode: "adaptive",
    customUserAgent: `${TOOL_NAME}/${TOOL_VERSION}`,
  };
  return {
    region,
    organizations: new OrganizationsClient(options),
    iam: new IAMClient(options),
    // Explicit region: AssumeRoot is rejected by the global STS endpoint.
    sts: new STSClient(options),
    options,
  };
}
