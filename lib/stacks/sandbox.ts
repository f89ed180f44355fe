// Sandbox mode: every AWS provider talks to one local endpoint (the project's fake, or any AWS
// emulator serving these APIs) with dummy credentials. Opt-in with ROOT_ACCESS_ENDPOINT_URL.
import { AwsProviderConfig } from "@cdktf/provider-aws/lib/provider";
import { badSandboxEndpoint, sandboxBackend } from "../errors";
import { invalidMessage, isValid } from "../validations";

export const SANDBOX_ENV = "ROOT_ACCESS_ENDPOINT_URL";

/** The services our stacks touch. */
const SERVICES = ["organizations", "iam", "sts", "sns", "events", "s3", "sqs"] as const;

/** The sandbox endpoint from the environment, or undefined; refuses anything but an http(s) URL. */
export function sandboxEndpoint(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[SANDBOX_ENV];
  if (!value) return undefined;
  if (!isValid("sandboxUrl", value)) throw badSandboxEndpoint(`${SANDBOX_ENV}: ${invalidMessage("sandboxUrl", value)}`);
  return value.replace(/\/$/, "");
}

/** Provider settings that send every call to `url` and skip what needs real AWS. */
export function sandboxProviderSettings(url: string): Partial<AwsProviderConfig> {
  return {
    accessKey: "sandbox",
    secretKey: "sandbox",
    skipCredentialsValidation: true,
    skipRequestingAccountId: true,
    skipMetadataApiCheck: "true",
    skipRegionValidation: true,
    endpoints: [Object.fromEntries(SERVICES.map((s) => [s, url]))],
  };
}

/**
 * Refuses, before anything is written, an organization whose state is not local while the sandbox
 * is on: a sandbox deploy would write the fake organization's state over the real one.
 */
export function assertSandboxBackends(
  organizations: readonly { name: string; backend?: { type: string; bucket?: string; key?: string } }[],
  endpoint: string | undefined,
): void {
  if (!endpoint) return;
  for (const org of organizations) {
    const backend = org.backend;
    if (!backend || backend.type === "local") continue;
    const where = backend.type === "s3" ? `s3://${backend.bucket}/${backend.key}` : `a ${backend.type} backend`;
    throw sandboxBackend(
      `${SANDBOX_ENV} is set (sandbox): organization "${org.name}" keeps its state in ${where}, which a sandbox deploy would overwrite with the fake organization's state; use a config with a local backend for the sandbox (examples/sandbox.json), or unset ${SANDBOX_ENV}`,
    );
  }
}
