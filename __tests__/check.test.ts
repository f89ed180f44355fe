import { checkOrganization, Finding, needsAttention } from "../lib/domain/check";
import { OrganizationFacts } from "../lib/domain/discover";
import { organizationConfig } from "./support/synth";

const live = (extra: Partial<OrganizationFacts> = {}): OrganizationFacts => ({
  organizationId: "o-abc123defg",
  managementAccountId: "111111111111",
  featureSet: "ALL",
  caller: { accountId: "111111111111", arn: "arn:aws:iam::111111111111:user/ops" },
  trustedServicePrincipals: ["iam.amazonaws.com"],
  iamTrustedAccess: true,
  iamDelegatedAdministrators: [],
  rootId: "r-ab12",
  enabledPolicyTypes: [],
  enabledFeatures: ["RootCredentialsManagement", "RootSessions"],
  ...extra,
});
const entry = (extra: Record<string, unknown> = {}) => organizationConfig({ name: "main", region: "us-east-1", ...extra });
const problems = (findings: Finding[]) => findings.filter((f) => f.severity !== "ok").map((f) => `${f.severity} ${f.code}: ${f.message}`);

describe("check: live organization vs config", () => {
  it("finds nothing to do when everything is on as configured", () => {
    const findings = checkOrganization(entry(), live());
    expect(problems(findings)).toEqual([]);
    expect(needsAttention(findings)).toBe(false);
    expect(findings.map((f) => f.code)).toEqual(["iam-trusted-access-on", "feature-enabled", "feature-enabled"]);
  });

  it("flags a caller that is not the management account", () => {
    expect(problems(checkOrganization(entry(), live({ caller: { accountId: "222222222222", arn: "x" } })))).toEqual([
      "error caller-not-management-account: the caller (222222222222) is not the management account 111111111111; only it can enable the features and deploy the stack",
      "info management-root-not-visible: the management account's root user cannot be seen from a member account (222222222222): iam:GetAccountSummary reports only the caller's own account; run check as the management account 111111111111 to see its root access keys and MFA",
    ]);
  });

  it("flags a managementAccountId that is not the organization's", () => {
    expect(problems(checkOrganization(entry({ managementAccountId: "333333333333" }), live()))).toEqual([
      "error management-account-mismatch: managementAccountId is 333333333333, but the organization o-abc123defg is managed by 111111111111",
    ]);
  });

  it("flags IAM trusted access off and features not enabled, saying to deploy", () => {
    expect(problems(checkOrganization(entry(), live({ iamTrustedAccess: false, trustedServicePrincipals: [], enabledFeatures: [] })))).toEqual([
      "error iam-trusted-access-off: IAM trusted access (iam.amazonaws.com) is off: deploy the stack (cdktf deploy main)",
      "error feature-not-enabled: RootCredentialsManagement is configured but not enabled: deploy the stack (cdktf deploy main)",
      "error feature-not-enabled: RootSessions is configured but not enabled: deploy the stack (cdktf deploy main)",
    ]);
  });

  it("in external mode, says the plan will fail until the owner enables IAM trusted access", () => {
    expect(
      problems(checkOrganization(entry({ trustedAccess: { mode: "external" } }), live({ iamTrustedAccess: false, trustedServicePrincipals: [] })))[0],
    ).toBe(
      'error iam-trusted-access-off: IAM trusted access (iam.amazonaws.com) is off and trustedAccess.mode is "external": the plan will fail until its owner enables it',
    );
  });

  it("warns that a deploy would disable an enabled feature the config leaves out", () => {
    expect(problems(checkOrganization(entry({ features: ["RootCredentialsManagement"] }), live()))).toEqual([
      "warning feature-would-be-disabled: RootSessions is enabled but not in features: deploying would disable it",
    ]);
  });

  it("flags an organization that is not in all-features mode", () => {
    expect(problems(checkOrganization(entry(), live({ featureSet: "CONSOLIDATED_BILLING" })))).toEqual([
      "error not-all-features: the organization o-abc123defg is not in all-features mode (feature set CONSOLIDATED_BILLING); centralized root access needs all features",
    ]);
  });

  describe("organization mode", () => {
    const principals = ["config.amazonaws.com", "iam.amazonaws.com", "sso.amazonaws.com"];

    it("flags every live service principal missing from the config as an error", () => {
      const findings = checkOrganization(
        entry({ trustedAccess: { mode: "organization", servicePrincipals: ["config.amazonaws.com"] } }),
        live({ trustedServicePrincipals: principals }),
      );
      expect(problems(findings)).toEqual([
        "error principal-would-be-disabled: sso.amazonaws.com has trusted access but is not in trustedAccess.servicePrincipals: deploying would disable its trusted access (run root-access discover --write)",
      ]);
    });

    it("is satisfied when every live principal is listed (IAM is implied)", () => {
      const findings = checkOrganization(
        entry({ trustedAccess: { mode: "organization", servicePrincipals: ["config.amazonaws.com", "sso.amazonaws.com"] } }),
        live({ trustedServicePrincipals: principals }),
      );
      expect(problems(findings)).toEqual([]);
      expect(findings.find((f) => f.code === "principals-kept")?.message).toBe("every live service principal is in the config (3)");
    });

    it("flags a live policy type missing from configured enabledPolicyTypes, and notes ones a deploy enables", () => {
      const findings = checkOrganization(
        entry({ trustedAccess: { mode: "organization", enabledPolicyTypes: ["TAG_POLICY"] } }),
        live({ enabledPolicyTypes: ["SERVICE_CONTROL_POLICY"] }),
      );
      expect(problems(findings)).toEqual([
        "error policy-type-would-be-disabled: policy type SERVICE_CONTROL_POLICY is enabled but not in trustedAccess.enabledPolicyTypes: deploying would disable it (and detach its policies)",
        "info policy-type-would-be-enabled: policy type TAG_POLICY is configured but not enabled: deploying enables it",
      ]);
    });

    it("reports policy types as not managed (info) when enabledPolicyTypes is not configured", () => {
      const findings = checkOrganization(entry({ trustedAccess: { mode: "organization" } }), live({ enabledPolicyTypes: ["SERVICE_CONTROL_POLICY"] }));
      expect(problems(findings)).toEqual([
        "info policy-types-not-managed: policy types SERVICE_CONTROL_POLICY are enabled and not managed by the stack (enabledPolicyTypes is not set)",
      ]);
      expect(needsAttention(findings)).toBe(false);
    });

    it("flags an organizationId that is not the caller's organization", () => {
      expect(problems(checkOrganization(entry({ trustedAccess: { mode: "organization", organizationId: "o-zzzzzzzzzz" } }), live()))).toEqual([
        "error organization-id-mismatch: trustedAccess.organizationId is o-zzzzzzzzzz, but the caller's organization is o-abc123defg",
      ]);
    });
  });

  describe("delegated administrator", () => {
    it("flags another registered account as a mismatch", () => {
      expect(
        problems(checkOrganization(entry({ delegatedAdministrator: { accountId: "222222222222" } }), live({ iamDelegatedAdministrators: ["333333333333"] }))),
      ).toEqual([
        "error delegated-admin-mismatch: delegatedAdministrator is 222222222222, but the IAM delegated administrator is 333333333333: deregister it first (only one is allowed)",
      ]);
    });

    it("warns when the configured one is not registered yet", () => {
      expect(problems(checkOrganization(entry({ delegatedAdministrator: { accountId: "222222222222" } }), live()))).toEqual([
        "warning delegated-admin-not-registered: 222222222222 is not registered as IAM delegated administrator yet: deploy the stack",
      ]);
    });

    it("notes an unmanaged registered one without needing attention", () => {
      const findings = checkOrganization(entry(), live({ iamDelegatedAdministrators: ["333333333333"] }));
      expect(problems(findings)).toEqual(["info delegated-admin-not-managed: 333333333333 is the IAM delegated administrator, not managed by this config"]);
      expect(needsAttention(findings)).toBe(false);
    });
  });
});

describe("check: a trail for the AssumeRoot alerts", () => {
  const withAlerts = entry({ guardrails: { assumeRootAlerts: { emails: ["security@example.com"] } } });
  const trail = { name: "org-trail", homeRegion: "us-east-1", multiRegion: true, logging: true, managementEvents: true };

  it("is in order when a trail logs management events there", () => {
    const findings = checkOrganization(withAlerts, live(), { region: "us-east-1", trails: [trail] });
    expect(problems(findings)).toEqual([]);
    expect(findings.find((f) => f.code === "alert-trail-logging")?.message).toBe(
      "CloudTrail trail org-trail logs management events in account 111111111111 in us-east-1: AssumeRoot alerts can fire",
    );
  });

  it.each([
    ["no trail", []],
    ["a trail that is not logging", [{ ...trail, logging: false }]],
    ["a trail without management events", [{ ...trail, managementEvents: false }]],
  ])("warns (a finding, not a failure) with %s", (_what, trails) => {
    const findings = checkOrganization(withAlerts, live(), { region: "us-east-1", trails });
    expect(problems(findings)).toEqual([
      "warning alert-trail-missing: no CloudTrail trail logs management events in account 111111111111 in us-east-1: EventBridge gets no AssumeRoot events there, so the alerts never fire; create a trail (a multi-Region or organization trail) with management events",
    ]);
  });

  it("warns when the trails cannot be read, and says why", () => {
    const findings = checkOrganization(withAlerts, live(), {
      region: "us-east-1",
      error: { code: "AccessDeniedException", message: "cloudtrail:DescribeTrails: AccessDeniedException: no" },
    });
    expect(problems(findings)).toEqual([
      "warning alert-trail-unknown: cannot tell whether a CloudTrail trail logs management events in account 111111111111 in us-east-1 (cloudtrail:DescribeTrails: AccessDeniedException: no); AssumeRoot alerts need one",
    ]);
  });
});
