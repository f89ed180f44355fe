import { App } from "cdktf";
import { OrganizationsConfig } from "./config/schema";
import { OrganizationStack } from "./stacks/organization-stack";

/** Adds one stack per organization to the app. */
export function addOrganizationStacks(app: App, config: OrganizationsConfig, options: { sandboxEndpoint?: string } = {}): OrganizationStack[] {
  return config.organizations.map((organization) => new OrganizationStack(app, { organization, sandboxEndpoint: options.sandboxEndpoint }));
}
