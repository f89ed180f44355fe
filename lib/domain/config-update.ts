// Writes discovered facts into one organization's entry of a config file, leaving the rest of the
// file (other entries, comments of formatting) as it was.
import { applyEdits, modify, parse, ParseError } from "jsonc-parser";
import { IAM_SERVICE_PRINCIPAL, TrustedAccessMode } from "../aws-constants";
import { parseConfigText } from "../config/parse-config";
import { ConfigError } from "../errors";
import { OrganizationFacts } from "./discover";

export interface ConfigUpdate {
  /** The organization's entry name (a new entry is added when none has it). */
  readonly name: string;
  /** Region for a new entry. */
  readonly region: string;
  /**
   * Trusted-access mode: for a new entry (default `service-access`), or to switch an existing entry.
   * @default - an existing entry keeps its mode
   */
  readonly mode?: TrustedAccessMode;
  /** The `$schema` reference a new file starts with (editors autocomplete with it). */
  readonly schema?: string;
}

/** An existing entry's mode changed by the update. */
export interface ModeChange {
  readonly from: string;
  readonly to: TrustedAccessMode;
}

/**
 * Returns the new file text, whether an entry was added, any mode switch, and one note per
 * configured value the live organization differs from (kept, never dropped silently); the result
 * passes config validation. An entry that names another organization is refused.
 */
export function updateConfigText(
  text: string | undefined,
  label: string,
  facts: OrganizationFacts,
  update: ConfigUpdate,
): { text: string; added: boolean; notes: string[]; modeChange?: ModeChange } {
  const source = text ?? `{\n${update.schema ? `  "$schema": ${JSON.stringify(update.schema)},\n` : ""}  "organizations": []\n}\n`;
  const errors: ParseError[] = [];
  const data = parse(source, errors, { allowTrailingComma: true, disallowComments: false }) as { organizations?: Record<string, unknown>[] };
  if (errors.length > 0 || !Array.isArray(data?.organizations)) {
    throw new ConfigError([`${label}: cannot update: the file is not a config with an "organizations" list (fix it or write to a new file)`]);
  }
  const index = data.organizations.findIndex((o) => o?.name === update.name);
  const existing = index >= 0 ? data.organizations[index] : undefined;
  if (existing) refuseOtherOrganization(existing, `${label}: organizations[${index}] "${update.name}"`, facts);
  const notes: string[] = [];
  const entry = discoveredEntry(existing, facts, update, notes);
  const formattingOptions = { insertSpaces: true, tabSize: detectIndent(source), eol: "\n" };
  let result: string;
  if (existing) {
    // Key by key, only what changed: comments and formatting elsewhere in the entry stay.
    result = source;
    for (const [key, value] of Object.entries(entry)) {
      if (JSON.stringify(existing[key]) === JSON.stringify(value)) continue;
      result = applyEdits(result, modify(result, ["organizations", index, key], value, { formattingOptions }));
    }
  } else {
    result = applyEdits(source, modify(source, ["organizations", data.organizations.length], entry, { formattingOptions, isArrayInsertion: true }));
  }
  parseConfigText(result, label); // never write a file the app would refuse
  const from = (existing?.trustedAccess as { mode?: string } | undefined)?.mode ?? (existing ? "service-access" : undefined);
  const to = (entry.trustedAccess as { mode: TrustedAccessMode }).mode;
  return {
    text: result.endsWith("\n") ? result : `${result}\n`,
    added: index < 0,
    notes,
    ...(from !== undefined && from !== to ? { modeChange: { from, to } } : {}),
  };
}

/** An entry whose management account or organization ID is another organization's is never rewritten. */
function refuseOtherOrganization(existing: Record<string, unknown>, where: string, facts: OrganizationFacts): void {
  const configured = {
    managementAccountId: existing.managementAccountId,
    organizationId: (existing.trustedAccess as { organizationId?: unknown } | undefined)?.organizationId,
    adoptedOrganizationId: (existing.adopt as { organizationId?: unknown } | undefined)?.organizationId,
  };
  const differs: string[] = [];
  if (typeof configured.managementAccountId === "string" && configured.managementAccountId !== facts.managementAccountId)
    differs.push(`managementAccountId ${configured.managementAccountId}`);
  for (const id of [configured.organizationId, configured.adoptedOrganizationId])
    if (typeof id === "string" && id !== facts.organizationId && !differs.includes(`organization ${id}`)) differs.push(`organization ${id}`);
  if (differs.length > 0)
    throw new ConfigError([
      `${where} describes another organization (${differs.join(", ")}), not the live ${facts.organizationId} (management account ${facts.managementAccountId}): nothing was written; choose another --name for this one`,
    ]);
}

function discoveredEntry(
  existing: Record<string, unknown> | undefined,
  facts: OrganizationFacts,
  update: ConfigUpdate,
  notes: string[],
): Record<string, unknown> {
  const entry: Record<string, unknown> = existing ? { ...existing } : { name: update.name, region: update.region };
  entry.managementAccountId = facts.managementAccountId;
  const kept = existing?.trustedAccess as { mode?: string } | undefined;
  const mode = update.mode ?? kept?.mode ?? "service-access";
  // A switch starts the new mode's settings afresh (organizationId, principals, policy types are organization mode's).
  const current = kept && (kept.mode ?? "service-access") === mode ? kept : undefined;
  if (mode === "organization") {
    // Everything live keeps its trusted access; IAM is added by the stack itself. A configured
    // principal without trusted access live is kept (a deploy turns it on) and reported.
    const live = facts.trustedServicePrincipals.filter((p) => p !== IAM_SERVICE_PRINCIPAL);
    const configuredPrincipals = (current as { servicePrincipals?: unknown } | undefined)?.servicePrincipals;
    const extra = (Array.isArray(configuredPrincipals) ? configuredPrincipals : []).filter(
      (p): p is string => typeof p === "string" && p !== IAM_SERVICE_PRINCIPAL && !live.includes(p),
    );
    for (const p of extra)
      notes.push(
        `servicePrincipals: "${p}" is configured but has no trusted access in the live organization: kept (a deploy turns it on; remove it to leave it off)`,
      );
    entry.trustedAccess = {
      ...current,
      mode: "organization",
      organizationId: facts.organizationId,
      servicePrincipals: [...live, ...extra].sort(),
      enabledPolicyTypes: facts.enabledPolicyTypes,
    };
  } else {
    entry.trustedAccess = current ?? { mode };
  }
  const configuredAdmin = (existing?.delegatedAdministrator as { accountId?: unknown } | undefined)?.accountId;
  const liveAdmins = facts.iamDelegatedAdministrators;
  if (liveAdmins.length === 1) {
    if (typeof configuredAdmin === "string" && configuredAdmin !== liveAdmins[0])
      notes.push(`delegatedAdministrator: ${configuredAdmin} was configured; the live IAM delegated administrator is ${liveAdmins[0]}: replaced`);
    entry.delegatedAdministrator = { accountId: liveAdmins[0] };
  } else if (typeof configuredAdmin === "string" && !liveAdmins.includes(configuredAdmin)) {
    notes.push(
      `delegatedAdministrator: ${configuredAdmin} is configured but is not an IAM delegated administrator in the live organization (live: ${liveAdmins.join(", ") || "none"}): kept (a deploy registers it)`,
    );
  }
  // What is already on is imported, not created: a second registration fails, and a create would
  // silently take over (and a destroy turn off) what someone else turned on.
  const configured = entry.delegatedAdministrator as { accountId?: string } | undefined;
  const adopt: Record<string, unknown> = { organizationId: facts.organizationId };
  if (mode === "service-access" && facts.iamTrustedAccess) adopt.iamTrustedAccess = true;
  if (facts.enabledFeatures.length > 0) adopt.features = true;
  if (configured?.accountId && facts.iamDelegatedAdministrators.includes(configured.accountId)) adopt.delegatedAdministrator = true;
  entry.adopt = adopt;
  return entry;
}

function detectIndent(text: string): number {
  const match = /\n( +)\S/.exec(text);
  return match ? match[1].length : 2;
}
