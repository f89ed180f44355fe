// Reads the live facts of the caller's organization that the config and the checks depend on.
import { Feature, IAM_SERVICE_PRINCIPAL } from "../aws-constants";
import { AwsError } from "../errors";
import { CallerIdentity, OrganizationsPort } from "./ports";

export interface OrganizationFacts {
  readonly organizationId: string;
  readonly managementAccountId: string;
  readonly featureSet: string;
  readonly caller: CallerIdentity;
  /** Service principals with trusted access, sorted. */
  readonly trustedServicePrincipals: string[];
  readonly iamTrustedAccess: boolean;
  /** Delegated administrators for iam.amazonaws.com. */
  readonly iamDelegatedAdministrators: string[];
  readonly rootId: string;
  /** Policy types enabled in the root, sorted. */
  readonly enabledPolicyTypes: string[];
  /** IAM organization features enabled (none while IAM trusted access is off). */
  readonly enabledFeatures: Feature[];
}

export async function discoverOrganization(api: OrganizationsPort): Promise<OrganizationFacts> {
  const [caller, organization, principals, delegated, roots, features] = await Promise.all([
    api.callerIdentity(),
    api.describeOrganization(),
    api.trustedServicePrincipals(),
    api.delegatedAdministrators(IAM_SERVICE_PRINCIPAL),
    api.roots(),
    api.organizationsFeatures().catch((err: unknown) => {
      // Without IAM trusted access the features cannot be on; that is a finding, not a failure.
      if (err instanceof AwsError && err.code === "ServiceAccessNotEnabled") return { enabledFeatures: [] as Feature[] };
      throw err;
    }),
  ]);
  return {
    organizationId: organization.id,
    managementAccountId: organization.managementAccountId,
    featureSet: organization.featureSet,
    caller,
    trustedServicePrincipals: principals,
    iamTrustedAccess: principals.includes(IAM_SERVICE_PRINCIPAL),
    iamDelegatedAdministrators: delegated,
    rootId: roots[0]?.id ?? "",
    enabledPolicyTypes: roots[0]?.enabledPolicyTypes ?? [],
    enabledFeatures: features.enabledFeatures,
  };
}
