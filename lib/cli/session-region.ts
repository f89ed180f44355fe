// Where root sessions are opened: AssumeRoot is logged, and so alerted on, in the region of the
// STS endpoint called. When the organizations config has AssumeRoot alerts for the caller's
// organization, root sessions go through that stack's region, whatever --region says.
import { LoadedConfig, loadOrganizationsConfig, readConfigFile } from "../config/load-config";
import type { OrganizationDescription } from "../domain/ports";
import { Output } from "./output";

/** A chooser for AwsContext.sessionRegion, or undefined when no config entry has alerts. */
export function alertSessionRegion(
  out: Output,
  loaded: LoadedConfig,
  region: string | undefined,
): ((org: OrganizationDescription) => string | undefined) | undefined {
  const withAlerts = loaded.config.organizations.filter((o) => o.guardrails?.assumeRootAlerts);
  if (withAlerts.length === 0) return undefined;
  return (org) => {
    const entry = withAlerts.find(
      (e) => e.managementAccountId === org.managementAccountId || (e.trustedAccess?.mode === "organization" && e.trustedAccess.organizationId === org.id),
    );
    if (!entry) return undefined;
    if (entry.region !== region)
      out.info(`root sessions go through STS in ${entry.region}, where the AssumeRoot alerts of "${entry.name}" (${loaded.source}) listen`);
    return entry.region;
  };
}

/**
 * Reads the organizations config (--config, else ROOT_ACCESS_CONFIG or ./organizations.json) for
 * the session region, and says first which file it read: a config picked up from the working
 * folder must not steer root sessions unnoticed.
 */
export function sessionRegionFromConfig(
  out: Output,
  configFile: string | undefined,
  region: string | undefined,
): ((org: OrganizationDescription) => string | undefined) | undefined {
  const loaded: LoadedConfig = configFile ? { source: configFile, config: readConfigFile(configFile) } : loadOrganizationsConfig();
  if (loaded.source !== "embedded default") out.info(`config: ${loaded.source} (read for the region where its AssumeRoot alerts listen)`);
  return alertSessionRegion(out, loaded, region);
}
