// The public API: the construct, the stack, and the config contract.
export * from "./aws-constants";
export {
  RootAccessManagement,
  RootAccessManagementProps,
  TrustedAccess,
  PROVIDER_CONSTRAINT,
  servicePrincipalsWithIam,
} from "./constructs/root-access-management";
export { OrganizationsAwsServiceAccess, OrganizationsAwsServiceAccessConfig } from "./constructs/organizations-aws-service-access";
export { OrganizationStack, OrganizationStackProps } from "./stacks/organization-stack";
export { RootAccessGuardrails, RootAccessGuardrailsProps, OperatorRoleProps } from "./constructs/root-access-guardrails";
export * from "./constructs/guardrail-policies";
export { addOrganizationStacks } from "./app";
export { OrganizationsConfig, OrganizationConfig, organizationsConfigSchema } from "./config/schema";
export { loadOrganizationsConfig, readConfigFile, validateConfig } from "./config/load-config";
export { ConfigError, UserError } from "./errors";
