// The guardrails as AWS would judge them: deploy them with the real terraform and AWS provider into
// the local fake, then sign in as each operator role (through STS, as a person would) and run
// every command. The fake evaluates the roles' policies and trust policies, and routes every
// AssumeRoot event through CloudTrail and EventBridge to the alert topic.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { FakeAws, FakeOrganization, withFake } from "../tools/fake-aws";
import { runCli } from "./support/cli";
import { existingOrganization, MGMT, SECURITY, stackFor, tf, WORKLOAD } from "./support/deploy";
import { describeWithTerraform } from "./support/terraform";

const LOCKED = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}';
const assumeAnyRole = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" }] });
const trustAccount = (account: string) =>
  JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "sts:AssumeRole" }] });

const entry = {
  name: "main",
  region: "us-east-1",
  managementAccountId: MGMT,
  trustedAccess: {
    mode: "organization",
    organizationId: "o-abc123defg",
    servicePrincipals: ["config.amazonaws.com", "sso.amazonaws.com"],
    enabledPolicyTypes: ["SERVICE_CONTROL_POLICY"],
  },
  delegatedAdministrator: { accountId: SECURITY },
  guardrails: {
    operatorRoles: [
      {
        name: "RootAccessAuditor",
        taskPolicies: ["IAMAuditRootUserCredentials"],
        trustedPrincipalArns: [`arn:aws:iam::${SECURITY}:role/SecurityAudit`],
        targetAccountIds: ["*"],
        requireMfa: true,
        in: "delegated-administrator",
      },
      {
        name: "RootBreakGlass",
        taskPolicies: ["IAMDeleteRootUserCredentials", "IAMCreateRootUserPassword", "S3UnlockBucketPolicy", "SQSUnlockQueuePolicy"],
        trustedPrincipalArns: [`arn:aws:iam::${MGMT}:role/IncidentResponders`],
        targetAccountIds: [WORKLOAD],
      },
      {
        name: "RootCredentialsCleaner",
        taskPolicies: ["IAMDeleteRootUserCredentials"],
        trustedPrincipalArns: [`arn:aws:iam::${MGMT}:role/IncidentResponders`],
        targetAccountIds: ["*"],
      },
    ],
    delegatedAdministratorRoleArn: `arn:aws:iam::${SECURITY}:role/OrganizationTerraform`,
    assumeRootAlerts: { emails: ["security@example.com"] },
  },
};

/** A person's role in `account`, assumable by that account's administrators, allowed only to assume other roles. */
/** The CLI's first line names the config it read for the session region (the story's organizations.json); the rest is compared. */
function afterConfigLine(stderr: string): string {
  expect(stderr).toMatch(/^config: \S+organizations\.json \(read for the region where its AssumeRoot alerts listen\)\n/);
  return stderr.replace(/^config: .*\n/, "");
}

function addPersonRole(org: FakeOrganization, account: string, name: string): void {
  org.rolesOf(account).set(name, {
    name,
    id: `AROAPERSON${name.toUpperCase()}`,
    arn: `arn:aws:iam::${account}:role/${name}`,
    path: "/",
    description: "",
    maxSessionDuration: 3600,
    assumeRolePolicy: trustAccount(account),
    policies: new Map([["AssumeRoles", assumeAnyRole]]),
  });
}

type Credentials = { AWS_ACCESS_KEY_ID: string; AWS_SECRET_ACCESS_KEY: string; AWS_SESSION_TOKEN?: string };

/** sts:AssumeRole through the fake, signed with `from`; MFA when `mfa`. */
async function assumeRole(fake: FakeAws, from: Credentials, roleArn: string, mfa = false): Promise<Credentials> {
  const sts = new STSClient({
    region: "us-east-1",
    endpoint: fake.url,
    credentials: { accessKeyId: from.AWS_ACCESS_KEY_ID, secretAccessKey: from.AWS_SECRET_ACCESS_KEY, sessionToken: from.AWS_SESSION_TOKEN },
    maxAttempts: 1,
  });
  try {
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: roleArn,
        RoleSessionName: "person",
        ...(mfa ? { SerialNumber: `arn:aws:iam::${SECURITY}:mfa/person`, TokenCode: "123456" } : {}),
      }),
    );
    return {
      AWS_ACCESS_KEY_ID: out.Credentials!.AccessKeyId!,
      AWS_SECRET_ACCESS_KEY: out.Credentials!.SecretAccessKey!,
      AWS_SESSION_TOKEN: out.Credentials!.SessionToken!,
    };
  } finally {
    sts.destroy();
  }
}

describeWithTerraform("guardrails judged as AWS would (deploy, then each operator role)", () => {
  jest.setTimeout(300_000);

  it("each role runs what its task policies serve, is refused the rest with one line naming the permission, and every root session raises an alert", async () => {
    const org = existingOrganization();
    org.addTrail(MGMT);
    org.addTrail(SECURITY);
    addPersonRole(org, MGMT, "IncidentResponders");
    addPersonRole(org, SECURITY, "SecurityAudit");
    const workload = org.accounts.get(WORKLOAD)!;
    workload.rootCredentials.accessKeys = [{ id: "AKIAROOTKEY", status: "Active" }];
    workload.buckets.set("locked-bucket", LOCKED);

    await withFake(org, async (fake) => {
      const dir = await stackFor(fake, entry);
      const apply = await tf(dir, "apply", "-auto-approve");
      expect(apply.stderr).toBe("");
      expect(apply.code).toBe(0);
      const queueUrl = `${fake.url}/${WORKLOAD}/locked-queue`;
      workload.queues.set(queueUrl, LOCKED);
      const work = mkdtempSync(join(tmpdir(), "ra-roles-"));
      const config = join(work, "organizations.json");
      writeFileSync(config, JSON.stringify({ organizations: [entry] }));

      const env = (creds: Credentials, extra: Record<string, string> = {}) => ({ ...fake.env(), ...creds, ROOT_ACCESS_CONFIG: config, ...extra });
      const admin = (account: string): Credentials => ({ AWS_ACCESS_KEY_ID: `AKID${account}ADMIN`, AWS_SECRET_ACCESS_KEY: "fake-secret" });
      const responder = await assumeRole(fake, admin(MGMT), `arn:aws:iam::${MGMT}:role/IncidentResponders`);
      const breakGlass = await assumeRole(fake, responder, `arn:aws:iam::${MGMT}:role/RootBreakGlass`);
      const securityAudit = await assumeRole(fake, admin(SECURITY), `arn:aws:iam::${SECURITY}:role/SecurityAudit`);
      await expect(assumeRole(fake, securityAudit, `arn:aws:iam::${SECURITY}:role/RootAccessAuditor`)).rejects.toThrow(
        `User: arn:aws:sts::${SECURITY}:assumed-role/SecurityAudit/person is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${SECURITY}:role/RootAccessAuditor`,
      );
      const auditor = await assumeRole(fake, securityAudit, `arn:aws:iam::${SECURITY}:role/RootAccessAuditor`, true);
      // The break-glass role is not trusted by the auditors' role, and the other way round.
      await expect(assumeRole(fake, securityAudit, `arn:aws:iam::${MGMT}:role/RootBreakGlass`)).rejects.toThrow("is not authorized to perform: sts:AssumeRole");

      const log = join(work, "actions.jsonl");
      const backups = join(work, "backups");
      // The auditor (in the delegated administrator): audit works; privileged actions are refused.
      const audit = await runCli(["audit", "--format", "json"], env(auditor));
      // The IAM delegated administrator may not read SCPs (no Organizations policy delegation): one warning, no prediction.
      expect(afterConfigLine(audit.stderr)).toMatch(
        /^root-access: warning: cannot read the organization's policies \(organizations:ListPolicies: AccessDeniedException\), .*going on without prediction\n$/,
      );
      expect(JSON.parse(audit.stdout).summary).toEqual({ total: 3, audited: 2, withRootCredentials: 1, skipped: 1, errors: 0 });
      const refusedDelete = await runCli(["delete-root-credentials", "--account", WORKLOAD, "--yes", "--action-log", log], env(auditor));
      expect(refusedDelete.code).toBe(3);
      expect(afterConfigLine(refusedDelete.stderr)).toBe(
        `root-access: organizations:DescribeAccount: AccessDeniedException: User: arn:aws:sts::${SECURITY}:assumed-role/RootAccessAuditor/person is not authorized to perform: organizations:DescribeAccount on resource: arn:aws:organizations::${MGMT}:account/o-abc123defg/${WORKLOAD} because no identity-based policy allows the organizations:DescribeAccount action\n`,
      );

      // Break glass (in the management account): the four privileged actions work; the audit is refused.
      const refusedAudit = await runCli(["audit", "--format", "json"], env(breakGlass));
      expect(refusedAudit.code).toBe(3);
      expect(afterConfigLine(refusedAudit.stderr)).toMatch(
        /^root-access: organizations:ListAccounts: AccessDeniedException: .* is not authorized to perform: organizations:ListAccounts on resource: \* because no identity-based policy allows the organizations:ListAccounts action\n$/,
      );
      const del = await runCli(["delete-root-credentials", "--account", WORKLOAD, "--yes", "--action-log", log], env(breakGlass));
      expect(afterConfigLine(del.stderr)).toBe(`action log: ${log}\n`);
      expect(del.code).toBe(0);
      expect(workload.rootCredentials).toEqual({ loginProfile: false, accessKeys: [], mfaDevices: [], signingCertificates: [] });
      const recovery = await runCli(["allow-password-recovery", "--account", WORKLOAD, "--yes", "--action-log", log], env(breakGlass));
      expect(recovery.code).toBe(0);
      expect(workload.rootCredentials.loginProfile).toBe(true);
      const s3 = await runCli(
        ["unlock-s3-bucket-policy", "--account", WORKLOAD, "--bucket", "locked-bucket", "--yes", "--backup-dir", backups, "--action-log", log],
        env(breakGlass),
      );
      expect(s3.code).toBe(0);
      // The CLI pointed at another region: the root session still goes where the alerts listen.
      const sqs = await runCli(
        [
          "--region",
          "eu-west-1",
          "unlock-sqs-queue-policy",
          "--account",
          WORKLOAD,
          "--queue-url",
          queueUrl,
          "--yes",
          "--backup-dir",
          backups,
          "--action-log",
          log,
        ],
        env(breakGlass),
      );
      expect(sqs.code).toBe(0);
      expect(sqs.stderr).toContain(`root sessions go through STS in us-east-1, where the AssumeRoot alerts of "main" (${config}) listen`);
      expect(workload.buckets.get("locked-bucket")).toBeUndefined();
      expect(workload.queues.get(queueUrl)).toBeUndefined();

      // A delete-only role deletes: it plans and deletes with IAMDeleteRootUserCredentials alone.
      const cleaner = await assumeRole(fake, responder, `arn:aws:iam::${MGMT}:role/RootCredentialsCleaner`);
      workload.rootCredentials.accessKeys = [{ id: "AKIASECONDKEY", status: "Inactive" }];
      const clean = await runCli(["delete-root-credentials", "--account", WORKLOAD, "--only", "access-keys", "--yes", "--action-log", log], env(cleaner));
      expect(clean.stdout).toContain(`${WORKLOAD}  access-keys AKIASECONDKEY: deleted`);
      expect(clean.code).toBe(0);

      // A role outside its targets is refused by AssumeRoot itself.
      const other = await runCli(["allow-password-recovery", "--account", SECURITY, "--yes", "--action-log", log], env(breakGlass));
      expect(other.code).toBe(1);
      expect(other.stdout).toContain(
        `${SECURITY}  failed: AccessDenied: sts:AssumeRoot: AccessDenied: User: arn:aws:sts::${MGMT}:assumed-role/RootBreakGlass/person is not authorized to perform: sts:AssumeRoot on resource: arn:aws:iam::${SECURITY}:root`,
      );

      // Every AssumeRoot of the run, from both accounts and whatever --region said, reached the
      // topic: the refused one too (CloudTrail records it with its error code).
      const sent = fake.callCount("sts:AssumeRoot");
      const calls = org.assumeRootCalls;
      expect(new Set(calls.map((c) => c.caller))).toEqual(new Set([MGMT, SECURITY]));
      expect(new Set(calls.map((c) => c.region))).toEqual(new Set(["us-east-1"]));
      const topic = `arn:aws:sns:us-east-1:${MGMT}:root-access-assume-root-alerts`;
      const delivered = org.deliveries.filter((d) => d.topicArn === topic && d.event.detail.eventName === "AssumeRoot");
      expect(delivered).toHaveLength(sent);
      expect(delivered.filter((d) => d.event.account === SECURITY)).toHaveLength(calls.filter((c) => c.caller === SECURITY).length);
      expect(delivered.filter((d) => d.event.detail.errorCode).map((d) => d.event.detail.requestParameters.targetPrincipal)).toEqual([SECURITY]);
      expect(sent).toBe(12); // audit 2, delete 2 (plan, delete) twice, password 1, S3 2, SQS 2 (read, then act), the refused 1
      process.stdout.write(`deploy-guardrails: ${sent} AssumeRoot calls, ${delivered.length} alerts delivered\n`);
    });
  });
});
