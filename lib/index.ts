// The public API (the package's "exports"): the construct library (lib/library.ts, also offered for
// CDK Terrain as cdktf-root-access/cdktn), and for cdktf apps the stack, the config schema and
// loader, and the permission table. Types are exported as types only.
export * from "./library";
export { OrganizationStack } from "./stacks/organization-stack";
export type { OrganizationStackProps } from "./stacks/organization-stack";
export { addOrganizationStacks } from "./app";
export { organizationSchema, organizationsConfigSchema } from "./config/schema";
export type { OrganizationConfig, OrganizationsConfig } from "./config/schema";
export { DEFAULT_CONFIG_FILE, loadOrganizationsConfig, readConfigFile } from "./config/load-config";
export type { LoadedConfig } from "./config/load-config";
export { parseConfigText, validateConfig } from "./config/parse-config";
export { callerActions, COMMAND_OPERATIONS, commandsServedBy, OPERATIONS, operatorActions } from "./permissions";
export type { AwsCommand, Operation } from "./permissions";
