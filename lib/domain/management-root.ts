// The management account's own root user: outside centralized root access (no AssumeRoot target,
// no SCP applies), so its access keys and MFA are checked from iam:GetAccountSummary of that account.
import type { OrganizationFacts } from "./discover";
import type { ErrorInfo, RootUserSummary } from "./ports";

/** What check could read about the management account's root (only when it runs as that account). */
export type ManagementRootFacts = { readonly summary: RootUserSummary } | { readonly error: ErrorInfo };

export interface ManagementRootFinding {
  readonly severity: "error" | "warning" | "info" | "ok";
  readonly risk?: "critical" | "high";
  readonly code: string;
  readonly message: string;
}

export function managementRootFindings(live: OrganizationFacts, facts: ManagementRootFacts | undefined): ManagementRootFinding[] {
  const mgmt = live.managementAccountId;
  if (live.caller.accountId !== mgmt) {
    const from = live.iamDelegatedAdministrators.includes(live.caller.accountId) ? "the IAM delegated administrator" : "a member account";
    return [
      {
        severity: "info",
        code: "management-root-not-visible",
        message: `the management account's root user cannot be seen from ${from} (${live.caller.accountId}): iam:GetAccountSummary reports only the caller's own account; run check as the management account ${mgmt} to see its root access keys and MFA`,
      },
    ];
  }
  if (!facts) return [];
  if ("error" in facts) {
    return [
      {
        severity: "warning",
        code: "management-root-unknown",
        message: `cannot read the management account's root user (iam:GetAccountSummary: ${facts.error.code}: ${facts.error.message}); allow iam:GetAccountSummary to check its access keys and MFA`,
      },
    ];
  }
  const s = facts.summary;
  const findings: ManagementRootFinding[] = [];
  if (s.accessKeysPresent) {
    findings.push({
      severity: "error",
      risk: "critical",
      code: "management-root-access-keys",
      message: `the management account's root user (${mgmt}) has access keys: delete them (sign in as the root user, Security credentials, Access keys); no SCP or centralized root access covers this root`,
    });
  }
  if (!s.mfaEnabled) {
    findings.push({
      severity: "error",
      risk: "high",
      code: "management-root-no-mfa",
      message: `the management account's root user (${mgmt}) has no MFA: sign in as the root user and assign an MFA device (Security credentials, Multi-factor authentication)`,
    });
  }
  if (s.signingCertificatesPresent) {
    findings.push({
      severity: "warning",
      code: "management-root-signing-certificates",
      message: `the management account's root user (${mgmt}) has X.509 signing certificates: delete them unless something still signs requests with them`,
    });
  }
  if (findings.length === 0) {
    findings.push({
      severity: "ok",
      code: "management-root-protected",
      message: `the management account's root user (${mgmt}) has MFA and no access keys${s.passwordPresent ? "" : " (and no password)"}`,
    });
  }
  return findings;
}
