// `root-access discover` facts as an aligned two-column table.
import { OrganizationFacts } from "../../domain/discover";
import { termText } from "./safe-text";

export function renderFacts(f: OrganizationFacts): string {
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
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${termText(v)}`).join("\n");
}
