// `check` and the management account's own root user (iam:GetAccountSummary), against the local fake.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { managementRootFindings } from "../lib/domain/management-root";
import type { OrganizationFacts } from "../lib/domain/discover";
import { runCli } from "./support/cli";
import { FakeOrganization, startFake } from "../tools/fake-aws";

const MGMT = "111111111111";
const SECURITY = "222222222222";

function organization(): FakeOrganization {
  const org = new FakeOrganization().enableRootAccess();
  org.addAccount({ id: SECURITY, name: "security" });
  org.delegatedAdministrators.set("iam.amazonaws.com", new Set([SECURITY]));
  return org;
}

function config(): string {
  const file = join(mkdtempSync(join(tmpdir(), "ra-mroot-")), "organizations.json");
  writeFileSync(file, JSON.stringify({ organizations: [{ name: "main", region: "us-east-1", delegatedAdministrator: { accountId: SECURITY } }] }));
  return file;
}

async function check(org: FakeOrganization, format: string, accessKey?: string) {
  const fake = await startFake(org);
  try {
    return await runCli(["check", "--config", config(), "--format", format, "--no-color"], fake.env(accessKey));
  } finally {
    await fake.stop();
  }
}

/** The management-root findings, with review's names (`stack`, `rule`) checked to repeat `organization` and `code`, then left out. */
const rootFindings = (stdout: string) =>
  (JSON.parse(stdout).findings as { code: string; organization: string; stack: string; rule: string }[])
    .filter((f) => f.code.startsWith("management-root"))
    .map(({ stack, rule, ...f }) => {
      expect([stack, rule]).toEqual([f.organization, f.code]);
      return f;
    });

describe("check: the management account's root user", () => {
  it("reports root access keys as critical and no MFA as high, each with what to do", async () => {
    const org = organization();
    const root = org.accounts.get(MGMT)!.rootCredentials;
    root.accessKeys = [{ id: "AKIAMGMTROOT", status: "Active" }];
    root.mfaDevices = [];
    const run = await check(org, "json");
    expect(run.code).toBe(1);
    expect(rootFindings(run.stdout)).toEqual([
      {
        organization: "main",
        severity: "error",
        risk: "critical",
        code: "management-root-access-keys",
        message:
          "the management account's root user (111111111111) has access keys: delete them (sign in as the root user, Security credentials, Access keys); no SCP or centralized root access covers this root",
      },
      {
        organization: "main",
        severity: "error",
        risk: "high",
        code: "management-root-no-mfa",
        message:
          "the management account's root user (111111111111) has no MFA: sign in as the root user and assign an MFA device (Security credentials, Multi-factor authentication)",
      },
    ]);
  });

  it("says the risk in the text output", async () => {
    const org = organization();
    org.accounts.get(MGMT)!.rootCredentials.accessKeys = [{ id: "AKIAMGMTROOT", status: "Inactive" }];
    const run = await check(org, "text");
    expect(run.stdout).toContain("main  ERROR  critical: the management account's root user (111111111111) has access keys: delete them");
    expect(run.stdout).toContain("main: 1 error, 0 warnings");
  });

  it("flags signing certificates and is satisfied by MFA without keys", async () => {
    const org = organization();
    org.accounts.get(MGMT)!.rootCredentials.signingCertificates = [{ id: "CERTMGMT", status: "Active" }];
    expect(rootFindings((await check(org, "json")).stdout)).toEqual([
      expect.objectContaining({ severity: "warning", code: "management-root-signing-certificates" }),
    ]);
    expect(rootFindings((await check(organization(), "json")).stdout)).toEqual([
      {
        organization: "main",
        severity: "ok",
        code: "management-root-protected",
        message: "the management account's root user (111111111111) has MFA and no access keys",
      },
    ]);
  });

  it("says it cannot be seen from the delegated administrator", async () => {
    const org = organization();
    org.accounts.get(MGMT)!.rootCredentials.accessKeys = [{ id: "AKIAMGMTROOT", status: "Active" }];
    const run = await check(org, "json", `AKID${SECURITY}`);
    expect(rootFindings(run.stdout)).toEqual([
      {
        organization: "main",
        severity: "info",
        code: "management-root-not-visible",
        message:
          "the management account's root user cannot be seen from the IAM delegated administrator (222222222222): iam:GetAccountSummary reports only the caller's own account; run check as the management account 111111111111 to see its root access keys and MFA",
      },
    ]);
  });

  it("warns when GetAccountSummary is refused, naming the permission", () => {
    const live = { caller: { accountId: MGMT, arn: "arn" }, managementAccountId: MGMT, iamDelegatedAdministrators: [] } as unknown as OrganizationFacts;
    expect(managementRootFindings(live, { error: { code: "AccessDenied", message: "not authorized to perform: iam:GetAccountSummary" } })).toEqual([
      {
        severity: "warning",
        code: "management-root-unknown",
        message:
          "cannot read the management account's root user (iam:GetAccountSummary: AccessDenied: not authorized to perform: iam:GetAccountSummary); allow iam:GetAccountSummary to check its access keys and MFA",
      },
    ]);
  });
});
