// The public API (the package's "exports"): the constructs and their props, the stack, the config
// schema and loader, the policy documents, the permission table, and the errors they throw.
// Types are exported as types only, so dist/index.js has no export that is undefined at run time.
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
export { OrganizationsAwsServiceAccess } from "./constructs/organizations-aws-service-access";
export type { OrganizationsAwsServiceAccessConfig } from "./constructs/organizations-aws-service-access";
export { ALERTS_NAME, DENY_ROOT_SCP_NAME, RootAccessGuardrails } from "./constructs/root-access-guardrails";
export type { OperatorRoleProps, RootAccessGuardrailsProps } from "./constructs/root-access-guardrails";
export * from "./constructs/guardrail-policies";
export { ImportBlock } from "./constructs/import-block";
export type { ImportBlockProps } from "./constructs/import-block";
export { RemovedBlock } from "./constructs/removed-block";
export { RequiredTerraform } from "./constructs/required-terraform";
export type { RemovedBlockProps } from "./constructs/removed-block";
export { OrganizationStack, TERRAFORM_FEATURES } from "./stacks/organization-stack";
export type { OrganizationStackProps } from "./stacks/organization-stack";
export { addOrganizationStacks } from "./app";
export { organizationSchema, organizationsConfigSchema } from "./config/schema";
export type { OrganizationConfig, OrganizationsConfig } from "./config/schema";
export { DEFAULT_CONFIG_FILE, loadOrganizationsConfig, readConfigFile } from "./config/load-config";
export type { LoadedConfig } from "./config/load-config";
export { parseConfigText, validateConfig } from "./config/parse-config";
export { callerActions, COMMAND_OPERATIONS, commandsServedBy, OPERATIONS, operatorActions } from "./permissions";
export type { AwsCommand, Operation } from "./permissions";
export { AwsError, ConfigError, ERROR_CATEGORIES, ERROR_CODES, InvalidPropsError, UserError } from "./errors";
export type { ErrorCategory, ErrorCode } from "./errors";
