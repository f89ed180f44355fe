import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { App } from "cdktf";
import { OrganizationsConfig } from "./config/schema";
import { stackJsonText } from "./stacks/json-output";
import { OrganizationStack } from "./stacks/organization-stack";

/** Adds one stack per organization to the app. */
export function addOrganizationStacks(app: App, config: OrganizationsConfig, options: { sandboxEndpoint?: string } = {}): OrganizationStack[] {
  return config.organizations.map((organization) => new OrganizationStack(app, { organization, sandboxEndpoint: options.sandboxEndpoint }));
}

/** After app.synth() with HCL output: completes each stack's cdk.tf (see OrganizationStack.completeHcl). */
export function completeHclOutput(app: App, stacks: readonly OrganizationStack[]): void {
  if (!app.hclOutput) return;
  for (const stack of stacks) {
    const file = join(app.outdir, "stacks", stack.node.id, "cdk.tf");
    writeFileSync(file, stack.completeHcl(readFileSync(file, "utf8")));
  }
}

/** After app.synth() with JSON output: rewrites each stack's cdk.tf.json so Terraform's errors show its hints (see stackJsonText). */
export function completeJsonOutput(app: App, stacks: readonly OrganizationStack[]): void {
  if (app.hclOutput) return;
  for (const stack of stacks) {
    const file = join(app.outdir, "stacks", stack.node.id, "cdk.tf.json");
    writeFileSync(file, stackJsonText(JSON.parse(readFileSync(file, "utf8"))));
  }
}
