// Synthesizes stacks from config data and returns the parsed Terraform JSON.
import { App, Testing } from "cdktf";
import { addOrganizationStacks } from "../../lib/app";
import { validateConfig } from "../../lib/config/load-config";
import { OrganizationConfig } from "../../lib/config/schema";
import { OrganizationStack } from "../../lib/stacks/organization-stack";

export type TerraformJson = {
  resource?: Record<string, Record<string, any>>;
  data?: Record<string, Record<string, any>>;
  output?: Record<string, any>;
  provider?: Record<string, any[]>;
  terraform: any;
  import?: { to: string; id: string }[];
};

/** A minimal valid organization entry, overridden by `extra`. */
export function org(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: "main", region: "us-east-1", ...extra };
}

/** Validates a config the way main.ts does, then synthesizes every stack. */
export function synthOrganizations(
  organizations: Record<string, unknown>[],
  options: { sandboxEndpoint?: string } = {},
): { stacks: OrganizationStack[]; json: TerraformJson[] } {
  const config = validateConfig({ organizations }, "test.json");
  const app = Testing.app();
  const stacks = addOrganizationStacks(app as App, config, options);
  return { stacks, json: stacks.map((s) => JSON.parse(Testing.synth(s)) as TerraformJson) };
}

/** Synthesizes one organization entry. */
export function synthOrganization(
  entry: Record<string, unknown>,
  options: { sandboxEndpoint?: string } = {},
): { stack: OrganizationStack; json: TerraformJson } {
  const { stacks, json } = synthOrganizations([entry], options);
  return { stack: stacks[0], json: json[0] };
}

export function organizationConfig(entry: Record<string, unknown>): OrganizationConfig {
  return validateConfig({ organizations: [entry] }, "test.json").organizations[0];
}

/** The single resource of a type, failing loudly when there is none or more than one. */
export function only(json: TerraformJson, type: string, kind: "resource" | "data" = "resource"): { name: string; body: any } {
  const all = Object.entries(json[kind]?.[type] ?? {});
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return { name: all[0][0], body: all[0][1] };
}

export function resourceTypes(json: TerraformJson): string[] {
  return Object.keys(json.resource ?? {}).sort();
}
