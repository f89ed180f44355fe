import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { parse } from "jsonc-parser";
import type { TrustedAccessMode } from "../../aws-constants";
import { updateConfigText } from "../../domain/config-update";
import { discoverOrganization, OrganizationFacts } from "../../domain/discover";
import { badName } from "../../errors";
import { check } from "../../validations";
import { CommandResult, GlobalOptions, withAws } from "../command";
import { EXIT } from "../exit-codes";
import { checkOutputFile, writeFileAtomic } from "../io/output-paths";
import { processOutput } from "../output";
import type { DiscoverFormat } from "../formats";
import { renderFacts } from "../render/discover";

export interface DiscoverOptions extends GlobalOptions {
  readonly name?: string;
  readonly write?: string;
  readonly mode?: TrustedAccessMode;
  readonly format: DiscoverFormat;
}

export async function run(opts: DiscoverOptions): CommandResult {
  const nameProblem = opts.name === undefined ? undefined : check("stackName", opts.name);
  if (nameProblem) throw badName(`--name ${nameProblem}`);
  const out = processOutput(!opts.color);
  // Before any AWS call: a file that cannot be written is found out first.
  if (opts.write !== undefined) checkOutputFile(opts.write, "--write");
  const { facts, region } = await withAws({ profile: opts.profile, region: opts.region }, async (aws) => ({
    facts: await discoverOrganization(aws.organizations),
    region: aws.region,
  }));
  out.report(opts.format === "json" ? JSON.stringify(facts, null, 2) : renderFacts(facts));
  if (opts.write) {
    const before = existsSync(opts.write) ? readFileSync(opts.write, "utf8") : undefined;
    const name = opts.name ?? entryNameFor(before, facts) ?? "main";
    const schema = relative(dirname(resolve(opts.write)), resolve("schema", "organizations.schema.json"));
    const { text, added, notes, modeChange } = updateConfigText(before, opts.write, facts, {
      name,
      region,
      mode: opts.mode,
      schema: schema.startsWith(".") ? schema : `./${schema}`,
    });
    // A config belongs in the repository: an existing file keeps its mode, a new one is 0644.
    writeFileAtomic(opts.write, text, before === undefined ? 0o644 : statSync(opts.write).mode & 0o777);
    for (const note of notes) out.info(`${opts.write}: "${name}": ${note}`);
    out.info(`${added ? "added" : "updated"} organization "${name}" in ${opts.write}`);
    if (modeChange) {
      out.info(
        `trustedAccess.mode: ${modeChange.from} -> ${modeChange.to}: the next deploy forgets the ${modeChange.from} mode's resource (a removed block, nothing turned off) and ${modeChange.to === "external" ? "only checks that IAM trusted access is on" : "imports the live one"}, so IAM trusted access is never off in between (README: "Switching trustedAccess.mode")`,
      );
    }
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
