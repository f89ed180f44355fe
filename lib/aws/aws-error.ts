// SDK exceptions become AwsError at the AWS boundary: the AWS code, a clear message naming the
// operation, the SDK error kept as the cause. Nothing outside lib/aws sees an SDK error.
import { AwsError } from "../errors";

export { AwsError };

const EXPLAINED: Record<string, string> = {
  AccountNotManagementOrDelegatedAdministrator:
    "this account is not the management account or the IAM delegated administrator; use credentials of one of them (--profile)",
  ServiceAccessNotEnabled:
    "IAM trusted access is not enabled: deploy the stack or run `aws organizations enable-aws-service-access --service-principal iam.amazonaws.com`",
  OrganizationNotInAllFeaturesMode: "the organization is not in all-features mode; enable all features in AWS Organizations first",
  OrganizationNotFound: "this account is not in an AWS organization",
  AWSOrganizationsNotInUseException: "this account is not in an AWS organization",
  CredentialsProviderError: "no AWS credentials found: configure a profile (--profile), environment credentials or SSO (aws sso login)",
  ExpiredToken: "the AWS credentials have expired: refresh them (e.g. aws sso login) and try again",
  ExpiredTokenException: "the AWS credentials have expired: refresh them (e.g. aws sso login) and try again",
  TimeoutError:
    "no answer within the HTTP timeout, after every retry: the endpoint or the network is not answering; try again later (AWS_ENDPOINT_URL* point elsewhere?)",
};

/** The error's name as the SDK reports it (the AWS error code). */
export function errorCode(err: unknown): string {
  const e = err as { name?: string; Code?: string; code?: string };
  return e?.Code ?? e?.name ?? e?.code ?? "Error";
}

/** Wraps an SDK error: documented codes get our message, others keep the SDK's name and message. */
export function toAwsError(err: unknown, operation: string): AwsError {
  if (err instanceof AwsError) return err;
  const code = errorCode(err);
  const sdkMessage = (err as Error)?.message ?? String(err);
  const explained = EXPLAINED[code];
  const message = explained ? `${operation}: ${explained}` : `${operation}: ${code}: ${sdkMessage}`;
  return new AwsError(code, message, operation, err);
}

/** Runs one AWS call, converting its failure into an AwsError that names the operation. */
export async function call<T>(operation: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toAwsError(err, operation);
  }
}

/** Runs one AWS call whose "not found" answer is a value: `absent` for those codes, an AwsError otherwise. */
export async function callOrAbsent<T, A>(operation: string, absentCodes: readonly string[], absent: A, fn: () => Promise<T>): Promise<T | A> {
  try {
    return await fn();
  } catch (err) {
    if (absentCodes.includes(errorCode(err))) return absent;
    throw toAwsError(err, operation);
  }
}

/** "No such entity" as IAM names it (the SDK also uses NoSuchEntityException). */
export const NO_SUCH_ENTITY = ["NoSuchEntity", "NoSuchEntityException"] as const;
