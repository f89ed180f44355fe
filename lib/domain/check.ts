// Compares a configured organization with the live one: what is off, and what a deploy would break.
import { FEATURES, IAM_SERVICE_PRINCIPAL } from "../aws-constants";
import { OrganizationConfig } from "../config/schema";
import { OrganizationFacts } from "./discover";
import { ManagementRootFacts, managementRootFindings } from "./management-root";
import { ErrorInfo, TrailStatus } from "./ports";

/** What check learned about CloudTrail in the calling account and the stack's region (only asked when alerts are configured). */
export type TrailFacts = { readonly region: string; readonly trails: readonly TrailStatus[] } | { readonly region: string; readonly error: ErrorInfo };

export const SEVERITIES = ["error", "warning", "info", "ok"] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface Finding {
  readonly organization: string;
  readonly severity: Severity;
  /** A stable identifier for scripts, e.g. "principal-would-be-disabled". */
  readonly code: string;
  readonly message: string;
  /** How bad an error is, where it matters most (the management account's root user). */
  readonly risk?: "critical" | "high";
}

/** Errors and warnings need attention; info and ok do not. */
export function needsAttention(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === "error" || f.severity === "warning");
}

export function checkOrganization(config: OrganizationConfig, live: OrganizationFacts, trails?: TrailFacts, managementRoot?: ManagementRootFacts): Finding[] {
  const findings: Finding[] = [];
  const add = (severity: Severity, code: string, message: string) => findings.push({ organization: config.name, severity, code, message });
  const mode = config.trustedAccess?.mode ?? "service-access";
  const features = config.features ?? FEATURES;

  if (live.caller.accountId !== live.managementAccountId) {
    add(
      "error",
      "caller-not-management-account",
      `the caller (${live.caller.accountId}) is not the management account ${live.managementAccountId}; only it can enable the features and deploy the stack`,
    );
  }
  if (config.managementAccountId && config.managementAccountId !== live.managementAccountId) {
    add(
      "error",
      "management-account-mismatch",
      `managementAccountId is ${config.managementAccountId}, but the organization ${live.organizationId} is managed by ${live.managementAccountId}`,
    );
  }
  if (live.featureSet !== "ALL") {
    add(
      "error",
      "not-all-features",
      `the organization ${live.organizationId} is not in all-features mode (feature set ${live.featureSet}); centralized root access needs all features`,
    );
  }

  if (live.iamTrustedAccess) add("ok", "iam-trusted-access-on", `IAM trusted access (${IAM_SERVICE_PRINCIPAL}) is on`);
  else if (mode === "external")
    add(
      "error",
      "iam-trusted-access-off",
      `IAM trusted access (${IAM_SERVICE_PRINCIPAL}) is off and trustedAccess.mode is "external": the plan will fail until its owner enables it`,
    );
  else add("error", "iam-trusted-access-off", `IAM trusted access (${IAM_SERVICE_PRINCIPAL}) is off: deploy the stack (cdktf deploy ${config.name})`);

  for (const feature of FEATURES) {
    const configured = features.includes(feature);
    const enabled = live.enabledFeatures.includes(feature);
    if (configured && enabled) add("ok", "feature-enabled", `${feature} is enabled`);
    else if (configured) add("error", "feature-not-enabled", `${feature} is configured but not enabled: deploy the stack (cdktf deploy ${config.name})`);
    else if (enabled) add("warning", "feature-would-be-disabled", `${feature} is enabled but not in features: deploying would disable it`);
  }

  if (config.trustedAccess?.mode === "organization") {
    const ta = config.trustedAccess;
    if (ta.organizationId && ta.organizationId !== live.organizationId) {
      add("error", "organization-id-mismatch", `trustedAccess.organizationId is ${ta.organizationId}, but the caller's organization is ${live.organizationId}`);
    }
    const declared = new Set([...(ta.servicePrincipals ?? []), IAM_SERVICE_PRINCIPAL]);
    const dropped = live.trustedServicePrincipals.filter((p) => !declared.has(p));
    for (const p of dropped) {
      add(
        "error",
        "principal-would-be-disabled",
        `${p} has trusted access but is not in trustedAccess.servicePrincipals: deploying would disable its trusted access (run root-access discover --write)`,
      );
    }
    if (dropped.length === 0) add("ok", "principals-kept", `every live service principal is in the config (${live.trustedServicePrincipals.length})`);
    if (ta.enabledPolicyTypes) {
      for (const t of live.enabledPolicyTypes.filter((t) => !ta.enabledPolicyTypes!.includes(t))) {
        add(
          "error",
          "policy-type-would-be-disabled",
          `policy type ${t} is enabled but not in trustedAccess.enabledPolicyTypes: deploying would disable it (and detach its policies)`,
        );
      }
      for (const t of ta.enabledPolicyTypes.filter((t) => !live.enabledPolicyTypes.includes(t))) {
        add("info", "policy-type-would-be-enabled", `policy type ${t} is configured but not enabled: deploying enables it`);
      }
    } else if (live.enabledPolicyTypes.length > 0) {
      add(
        "info",
        "policy-types-not-managed",
        `policy types ${live.enabledPolicyTypes.join(", ")} are enabled and not managed by the stack (enabledPolicyTypes is not set)`,
      );
    }
  }

  const wanted = config.delegatedAdministrator?.accountId;
  const registered = live.iamDelegatedAdministrators;
  if (wanted && registered.includes(wanted)) add("ok", "delegated-admin-registered", `${wanted} is the IAM delegated administrator`);
  else if (wanted && registered.length > 0) {
    add(
      "error",
      "delegated-admin-mismatch",
      `delegatedAdministrator is ${wanted}, but the IAM delegated administrator is ${registered.join(", ")}: deregister it first (only one is allowed)`,
    );
  } else if (wanted) add("warning", "delegated-admin-not-registered", `${wanted} is not registered as IAM delegated administrator yet: deploy the stack`);
  else if (registered.length > 0)
    add("info", "delegated-admin-not-managed", `${registered.join(", ")} is the IAM delegated administrator, not managed by this config`);

  if (trails) {
    const where = `account ${live.caller.accountId} in ${trails.region}`;
    if ("error" in trails) {
      add(
        "warning",
        "alert-trail-unknown",
        `cannot tell whether a CloudTrail trail logs management events in ${where} (${trails.error.message}); AssumeRoot alerts need one`,
      );
    } else {
      const logging = trails.trails.filter((t) => t.logging && t.managementEvents);
      if (logging.length > 0)
        add(
          "ok",
          "alert-trail-logging",
          `CloudTrail trail ${logging.map((t) => t.name).join(", ")} logs management events in ${where}: AssumeRoot alerts can fire`,
        );
      else {
        add(
          "warning",
          "alert-trail-missing",
          `no CloudTrail trail logs management events in ${where}: EventBridge gets no AssumeRoot events there, so the alerts never fire; create a trail (a multi-Region or organization trail) with management events`,
        );
      }
    }
  }
  for (const f of managementRootFindings(live, managementRoot)) findings.push({ organization: config.name, ...f });
  return findings;
}
