import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { Command, Option } from "commander";
import { parse } from "jsonc-parser";
import { TRUSTED_ACCESS_MODES, TrustedAccessMode } from "../../aws-constants";
import { updateConfigText } from "../../domain/config-update";
import { discoverOrganization, OrganizationFacts } from "../../domain/discover";
import { UserError } from "../../errors";
import { check } from "../../validations";
import { CommandResult, GlobalOptions, Wrap, withAws } from "../command";
import { EXIT } from "../exit-codes";
import { processOutput } from "../output";
import { renderFacts } from "../render/discover";

const DISCOVER_FORMATS = ["table", "json"] as const;

interface DiscoverOptions extends GlobalOptions {
  readonly name?: string;
  readonly write?: string;
  readonly mode: TrustedAccessMode;
  readonly format: (typeof DISCOVER_FORMATS)[number];
}

export function registerDiscover(program: Command, wrap: Wrap): void {
  program
    .command("discover")
    .description("read the live organization (trusted access, delegated admin, policy types, features); optionally write it into the config")
    .option("--name <name>", 'the config entry to add or update (default: the entry for this organization, else "main")')
    .option("--write <file>", "add or update the organization's entry in this config file (other entries are left as they are)")
    .addOption(new Option("--mode <mode>", "trusted-access mode for a new entry").choices(TRUSTED_ACCESS_MODES).default("service-access"))
    .addOption(new Option("--format <format>", "output format").choices(DISCOVER_FORMATS).default("table"))
    .action(wrap((_o, cmd) => run(cmd.optsWithGlobals<DiscoverOptions>())));
}

async function run(opts: DiscoverOptions): CommandResult {
  const badName = opts.name === undefined ? undefined : check("stackName", opts.name);
  if (badName) throw new UserError("BadName", `--name ${badName}`);
  const out = processOutput(!opts.color);
  const { facts, region } = await withAws({ profile: opts.profile, region: opts.region }, async (aws) => ({
    facts: await discoverOrganization(aws.organizations),
    region: aws.region,
  }));
  out.report(opts.format === "json" ? JSON.stringify(facts, null, 2) : renderFacts(facts));
  if (opts.write) {
    const before = existsSync(opts.write) ? readFileSync(opts.write, "utf8") : undefined;
    const name = opts.name ?? entryNameFor(before, facts) ?? "main";
    const { text, added } = updateConfigText(before, opts.write, facts, { name, region, mode: opts.mode });
    writeFileSync(opts.write, text);
    out.info(`${added ? "added" : "updated"} organization "${name}" in ${opts.write}`);
  }
  return EXIT.ok;
}

/** The entry already describing this organization (by organization ID or management account). */
function entryNameFor(text: string | undefined, facts: OrganizationFacts): string | undefined {
  if (!text) return undefined;
  const data = parse(text, [], { allowTrailingComma: true }) as
    { organizations?: { name?: string; managementAccountId?: string; trustedAccess?: { organizationId?: string } }[] } | undefined;
  const orgs = Array.isArray(data?.organizations) ? data.organizations : [];
  // A broken file is reported by updateConfigText.
  return orgs.find((o) => o?.trustedAccess?.organizationId === facts.organizationId || o?.managementAccountId === facts.managementAccountId)?.name;
}
