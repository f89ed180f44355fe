// Compares a configured organization with the live one: what is off, and what a deploy would break.
import { FEATURES, IAM_SERVICE_PRINCIPAL } from "../aws-constants";
import { OrganizationConfig, TrustedAccessConfig } from "../config/schema";
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

/** What every check rule reads: the configured organization, the live one, and what check learned besides. */
interface CheckContext {
  readonly config: OrganizationConfig;
  readonly live: OrganizationFacts;
  readonly trails?: TrailFacts;
  readonly managementRoot?: ManagementRootFacts;
}

/** One rule of check: a pure function from what is known to its findings (none when it does not apply). */
type CheckRule = (ctx: CheckContext) => Finding[];

/** A finding of the context's organization. */
function finding(ctx: CheckContext, severity: Severity, code: string, message: string): Finding {
  return { organization: ctx.config.name, severity, code, message };
}

/** The trusted-access settings when the config is in organization mode; undefined otherwise. */
function organizationMode(ctx: CheckContext): Extract<TrustedAccessConfig, { mode: "organization" }> | undefined {
  const ta = ctx.config.trustedAccess;
  return ta?.mode === "organization" ? ta : undefined;
}

/** Only the management account can enable the features and deploy the stack. */
function callerIsManagementAccount(ctx: CheckContext): Finding[] {
  const { live } = ctx;
  if (live.caller.accountId === live.managementAccountId) return [];
  return [
    finding(
      ctx,
      "error",
      "caller-not-management-account",
      `the caller (${live.caller.accountId}) is not the management account ${live.managementAccountId}; only it can enable the features and deploy the stack`,
    ),
  ];
}

/** A configured managementAccountId must be the organization's. */
function managementAccountMatches(ctx: CheckContext): Finding[] {
  const { config, live } = ctx;
  if (!config.managementAccountId || config.managementAccountId === live.managementAccountId) return [];
  return [
    finding(
      ctx,
      "error",
      "management-account-mismatch",
      `managementAccountId is ${config.managementAccountId}, but the organization ${live.organizationId} is managed by ${live.managementAccountId}`,
    ),
  ];
}

/** Centralized root access needs the organization in all-features mode. */
function allFeaturesMode(ctx: CheckContext): Finding[] {
  const { live } = ctx;
  if (live.featureSet === "ALL") return [];
  return [
    finding(
      ctx,
      "error",
      "not-all-features",
      `the organization ${live.organizationId} is not in all-features mode (feature set ${live.featureSet}); centralized root access needs all features`,
    ),
  ];
}

/** IAM trusted access is on, or who turns it on (the stack, or in external mode its owner). */
function iamTrustedAccess(ctx: CheckContext): Finding[] {
  const { config, live } = ctx;
  const mode = config.trustedAccess?.mode ?? "service-access";
  if (live.iamTrustedAccess) return [finding(ctx, "ok", "iam-trusted-access-on", `IAM trusted access (${IAM_SERVICE_PRINCIPAL}) is on`)];
  if (mode === "external") {
    return [
      finding(
        ctx,
        "error",
        "iam-trusted-access-off",
        `IAM trusted access (${IAM_SERVICE_PRINCIPAL}) is off and trustedAccess.mode is "external": the plan will fail until its owner enables it`,
      ),
    ];
  }
  return [
    finding(ctx, "error", "iam-trusted-access-off", `IAM trusted access (${IAM_SERVICE_PRINCIPAL}) is off: deploy the stack (cdktf deploy ${config.name})`),
  ];
}

/** Each root access feature: enabled as configured, still to enable, or enabled and about to be disabled. */
function rootAccessFeatures(ctx: CheckContext): Finding[] {
  const { config, live } = ctx;
  const features = config.features ?? FEATURES;
  const findings: Finding[] = [];
  for (const feature of FEATURES) {
    const configured = features.includes(feature);
    const enabled = live.enabledFeatures.includes(feature);
    if (configured && enabled) findings.push(finding(ctx, "ok", "feature-enabled", `${feature} is enabled`));
    else if (configured)
      findings.push(finding(ctx, "error", "feature-not-enabled", `${feature} is configured but not enabled: deploy the stack (cdktf deploy ${config.name})`));
    else if (enabled)
      findings.push(finding(ctx, "warning", "feature-would-be-disabled", `${feature} is enabled but not in features: deploying would disable it`));
  }
  return findings;
}

/** In organization mode, a configured organizationId must be the caller's organization. */
function organizationIdMatches(ctx: CheckContext): Finding[] {
  const ta = organizationMode(ctx);
  if (!ta?.organizationId || ta.organizationId === ctx.live.organizationId) return [];
  return [
    finding(
      ctx,
      "error",
      "organization-id-mismatch",
      `trustedAccess.organizationId is ${ta.organizationId}, but the caller's organization is ${ctx.live.organizationId}`,
    ),
  ];
}

/** In organization mode, the stack owns trusted access: every live service principal left out of the config would lose it. */
function servicePrincipalsKept(ctx: CheckContext): Finding[] {
  const ta = organizationMode(ctx);
  if (!ta) return [];
  const { live } = ctx;
  const declared = new Set([...(ta.servicePrincipals ?? []), IAM_SERVICE_PRINCIPAL]);
  const dropped = live.trustedServicePrincipals.filter((p) => !declared.has(p));
  if (dropped.length === 0)
    return [finding(ctx, "ok", "principals-kept", `every live service principal is in the config (${live.trustedServicePrincipals.length})`)];
  return dropped.map((p) =>
    finding(
      ctx,
      "error",
      "principal-would-be-disabled",
      `${p} has trusted access but is not in trustedAccess.servicePrincipals: deploying would disable its trusted access (run root-access discover --write)`,
    ),
  );
}

/** In organization mode with enabledPolicyTypes, the stack owns the policy types: what a deploy would disable or enable. */
function policyTypes(ctx: CheckContext): Finding[] {
  const ta = organizationMode(ctx);
  if (!ta) return [];
  const { live } = ctx;
  const configured = ta.enabledPolicyTypes;
  if (!configured) {
    if (live.enabledPolicyTypes.length === 0) return [];
    return [
      finding(
        ctx,
        "info",
        "policy-types-not-managed",
        `policy types ${live.enabledPolicyTypes.join(", ")} are enabled and not managed by the stack (enabledPolicyTypes is not set)`,
      ),
    ];
  }
  return [
    ...live.enabledPolicyTypes
      .filter((t) => !configured.includes(t))
      .map((t) =>
        finding(
          ctx,
          "error",
          "policy-type-would-be-disabled",
          `policy type ${t} is enabled but not in trustedAccess.enabledPolicyTypes: deploying would disable it (and detach its policies)`,
        ),
      ),
    ...configured
      .filter((t) => !live.enabledPolicyTypes.includes(t))
      .map((t) => finding(ctx, "info", "policy-type-would-be-enabled", `policy type ${t} is configured but not enabled: deploying enables it`)),
  ];
}

/** The IAM delegated administrator: as configured, another one (only one is allowed), not yet registered, or not managed. */
function delegatedAdministrator(ctx: CheckContext): Finding[] {
  const wanted = ctx.config.delegatedAdministrator?.accountId;
  const registered = ctx.live.iamDelegatedAdministrators;
  if (wanted && registered.includes(wanted)) return [finding(ctx, "ok", "delegated-admin-registered", `${wanted} is the IAM delegated administrator`)];
  if (wanted && registered.length > 0) {
    return [
      finding(
        ctx,
        "error",
        "delegated-admin-mismatch",
        `delegatedAdministrator is ${wanted}, but the IAM delegated administrator is ${registered.join(", ")}: deregister it first (only one is allowed)`,
      ),
    ];
  }
  if (wanted)
    return [finding(ctx, "warning", "delegated-admin-not-registered", `${wanted} is not registered as IAM delegated administrator yet: deploy the stack`)];
  if (registered.length > 0) {
    return [finding(ctx, "info", "delegated-admin-not-managed", `${registered.join(", ")} is the IAM delegated administrator, not managed by this config`)];
  }
  return [];
}

/** When alerts are configured, a CloudTrail trail must log management events, or the AssumeRoot alerts never fire. */
function alertTrail(ctx: CheckContext): Finding[] {
  const { live, trails } = ctx;
  if (!trails) return [];
  const where = `account ${live.caller.accountId} in ${trails.region}`;
  if ("error" in trails) {
    return [
      finding(
        ctx,
        "warning",
        "alert-trail-unknown",
        `cannot tell whether a CloudTrail trail logs management events in ${where} (${trails.error.message}); AssumeRoot alerts need one`,
      ),
    ];
  }
  const logging = trails.trails.filter((t) => t.logging && t.managementEvents);
  if (logging.length > 0) {
    return [
      finding(
        ctx,
        "ok",
        "alert-trail-logging",
        `CloudTrail trail ${logging.map((t) => t.name).join(", ")} logs management events in ${where}: AssumeRoot alerts can fire`,
      ),
    ];
  }
  return [
    finding(
      ctx,
      "warning",
      "alert-trail-missing",
      `no CloudTrail trail logs management events in ${where}: EventBridge gets no AssumeRoot events there, so the alerts never fire; create a trail (a multi-Region or organization trail) with management events`,
    ),
  ];
}

/** The management account's own root user, which centralized root access does not cover (see management-root.ts). */
function managementRootUser(ctx: CheckContext): Finding[] {
  return managementRootFindings(ctx.live, ctx.managementRoot).map((f) => ({ organization: ctx.config.name, ...f }));
}

/** The rules of check, in the order their findings are reported. */
const CHECK_RULES: readonly CheckRule[] = [
  callerIsManagementAccount,
  managementAccountMatches,
  allFeaturesMode,
  iamTrustedAccess,
  rootAccessFeatures,
  organizationIdMatches,
  servicePrincipalsKept,
  policyTypes,
  delegatedAdministrator,
  alertTrail,
  managementRootUser,
];

/** Compares one configured organization with the live one: every rule's findings, in order. */
export function checkOrganization(config: OrganizationConfig, live: OrganizationFacts, trails?: TrailFacts, managementRoot?: ManagementRootFacts): Finding[] {
  const ctx: CheckContext = { config, live, trails, managementRoot };
  return CHECK_RULES.flatMap((rule) => rule(ctx));
}
