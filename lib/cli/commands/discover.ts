import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { Command, Option } from "commander";
import { TRUSTED_ACCESS_MODES, TrustedAccessMode } from "../../aws-constants";
import { createClients } from "../../aws/clients";
import { OrganizationsApi } from "../../aws/organizations-api";
import { STACK_NAME } from "../../config/patterns";
import { discoverOrganization, OrganizationFacts } from "../../domain/discover";
import { updateConfigText } from "../../domain/config-update";
import { UserError } from "../../errors";
import { EXIT } from "../exit-codes";
import type { CommandResult, GlobalOptions } from "../main";
import { processOutput } from "../output";

interface DiscoverOptions extends GlobalOptions {
  readonly name?: string;
  readonly write?: string;
  readonly mode: TrustedAccessMode;
  readonly format: "table" | "json";
}

export function registerDiscover(program: Command, wrap: (fn: (o: DiscoverOptions, c: Command) => CommandResult) => (...a: any[]) => Promise<void>): void {
  program
    .command("discover")
    .description("read the live organization (trusted access, delegated admin, policy types, features); optionally write it into the config")
    .option("--name <name>", "the config entry to add or update (default: the entry for this organization, else \"main\")")
    .option("--write <file>", "add or update the organization's entry in this config file (other entries are left as they are)")
    .addOption(new Option("--mode <mode>", "trusted-access mode for a new entry").choices(TRUSTED_ACCESS_MODES).default("service-access"))
    .addOption(new Option("--format <format>", "output format").choices(["table", "json"]).default("table"))
    .action(wrap((_o, cmd) => runDiscover(cmd.optsWithGlobals<DiscoverOptions>())));
}

async function runDiscover(opts: DiscoverOptions): CommandResult {
  if (opts.name !== undefined && !STACK_NAME.test(opts.name)) {
    throw new UserError("BadName", `--name ${JSON.stringify(opts.name)} is not a valid name; expected a lowercase letter, then up to 39 lowercase letters, digits or hyphens`);
  }
  const out = processOutput(!opts.color);
  const clients = createClients({ profile: opts.profile, region: opts.region });
  const facts = await discoverOrganization(new OrganizationsApi(clients));
  out.report(opts.format === "json" ? JSON.stringify(facts, null, 2) : renderFacts(facts));
  if (opts.write) {
    const before = existsSync(opts.write) ? readFileSync(opts.write, "utf8") : undefined;
    const name = opts.name ?? entryNameFor(before, facts) ?? "main";
    const { text, added } = updateConfigText(before, opts.write, facts, { name, region: clients.region, mode: opts.mode });
    writeFileSync(opts.write, text);
    out.info(`${added ? "added" : "updated"} organization "${name}" in ${opts.write}`);
  }
  return EXIT.ok;
}

/** The entry already describing this organization (by organization ID or management account). */
function entryNameFor(text: string | undefined, facts: OrganizationFacts): string | undefined {
  if (!text) return undefined;
  try {
    const orgs = (JSON.parse(text).organizations ?? []) as { name?: string; managementAccountId?: string; trustedAccess?: { organizationId?: string } }[];
    return orgs.find((o) => o.trustedAccess?.organizationId === facts.organizationId || o.managementAccountId === facts.managementAccountId)?.name;
  } catch {
    return undefined; // updateConfigText reports the broken file
  }
}

function renderFacts(f: OrganizationFacts): string {
  const rows: [string, string][] = [
    ["organization", f.organizationId],
    ["management account", f.managementAccountId],
    ["caller", `${f.caller.arn}${f.caller.accountId === f.managementAccountId ? " (management account)" : ""}`],
    ["feature set", f.featureSet],
    ["IAM trusted access", f.iamTrustedAccess ? "on" : "off"],
    ["trusted access", f.trustedServicePrincipals.join(", ") || "(none)"],
    ["IAM delegated admin", f.iamDelegatedAdministrators.join(", ") || "(none)"],
    ["root", f.rootId],
    ["policy types", f.enabledPolicyTypes.join(", ") || "(none)"],
    ["root access features", f.enabledFeatures.join(", ") || "(none)"],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join("\n");
}
