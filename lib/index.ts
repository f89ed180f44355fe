// The public API (the package's "exports"): the constructs and their props, the stack, the config
// schema and loader, the policy documents, the permission table, and the errors they throw.
export * from "./aws-constants";
export {
  AdoptProps,
  ExternalTrustedAccess,
  OrganizationTrustedAccess,
  PROVIDER_CONSTRAINT,
  RootAccessManagement,
  RootAccessManagementProps,
  ServiceAccessTrustedAccess,
  servicePrincipalsWithIam,
  TrustedAccess,
} from "./constructs/root-access-management";
export { OrganizationsAwsServiceAccess, OrganizationsAwsServiceAccessConfig } from "./constructs/organizations-aws-service-access";
export { ALERTS_NAME, DENY_ROOT_SCP_NAME, OperatorRoleProps, RootAccessGuardrails, RootAccessGuardrailsProps } from "./constructs/root-access-guardrails";
export * from "./constructs/guardrail-policies";
export { ImportBlock, ImportBlockProps } from "./constructs/import-block";
export { RemovedBlock, RemovedBlockProps } from "./constructs/removed-block";
export { OrganizationStack, OrganizationStackProps, TERRAFORM_FEATURES } from "./stacks/organization-stack";
export { addOrganizationStacks } from "./app";
export { OrganizationConfig, organizationSchema, OrganizationsConfig, organizationsConfigSchema } from "./config/schema";
export { DEFAULT_CONFIG_FILE, LoadedConfig, loadOrganizationsConfig, readConfigFile } from "./config/load-config";
export { parseConfigText, validateConfig } from "./config/parse-config";
export { AwsCommand, callerActions, COMMAND_OPERATIONS, commandsServedBy, Operation, OPERATIONS, operatorActions } from "./permissions";
export { AwsError, ConfigError, ERROR_CATEGORIES, ERROR_CODES, ErrorCategory, ErrorCode, InvalidPropsError, UserError } from "./errors";
