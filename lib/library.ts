// The construct library, framework-neutral: what the cdktf entry (`cdktf-root-access`) and the CDK
// Terrain entry (`cdktf-root-access/cdktn`, generated from this file by scripts/make-cdktn.js) offer.
// Types are exported as types only, so the compiled module has no export that is undefined at run time.
export * from "./aws-constants";
export { PROVIDER_CONSTRAINT, RootAccessManagement, servicePrincipalsWithIam } from "./constructs/root-access-management";
export type {
  AdoptProps,
  ExternalTrustedAccess,
  OrganizationTrustedAccess,
  RootAccessManagementProps,
  ServiceAccessTrustedAccess,
  TrustedAccess,
} from "./constructs/root-access-management";
export { rootAccessManagementProblems } from "./constructs/root-access-management-rules";
export { OrganizationsAwsServiceAccess } from "./constructs/organizations-aws-service-access";
export type { OrganizationsAwsServiceAccessConfig } from "./constructs/organizations-aws-service-access";
export { ALERTS_NAME, DENY_ROOT_SCP_NAME, RootAccessGuardrails } from "./constructs/root-access-guardrails";
export type { OperatorRoleProps, RootAccessGuardrailsProps } from "./constructs/root-access-guardrails";
export { rootAccessGuardrailsProblems } from "./constructs/root-access-guardrails-rules";
export * from "./constructs/guardrail-policies";
export { ImportBlock } from "./constructs/import-block";
export type { ImportBlockProps } from "./constructs/import-block";
export { RemovedBlock } from "./constructs/removed-block";
export type { RemovedBlockProps } from "./constructs/removed-block";
export { RequiredTerraform, TERRAFORM_FEATURES } from "./constructs/required-terraform";
export type { IsUnresolved, Problem } from "./validations";
export { AwsError, ConfigError, ERROR_CATEGORIES, ERROR_CODES, InvalidPropsError, UserError } from "./errors";
export type { ErrorCategory, ErrorCode } from "./errors";
