// `root-access readiness` end to end against the fake seeded with one OU per policy shape, and the
// prediction checked against what real root-session calls then meet in every account of the fake.
import { AssumeRootCommand, STSClient } from "@aws-sdk/client-sts";
import {
  CreateLoginProfileCommand,
  DeactivateMFADeviceCommand,
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  DeleteSigningCertificateCommand,
  DeleteVirtualMFADeviceCommand,
  GetAccessKeyLastUsedCommand,
  GetLoginProfileCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListMFADevicesCommand,
  ListSigningCertificatesCommand,
} from "@aws-sdk/client-iam";
import { DeleteBucketPolicyCommand, GetBucketPolicyCommand, PutBucketPolicyCommand, S3Client } from "@aws-sdk/client-s3";
import { GetQueueAttributesCommand, SetQueueAttributesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TASK_POLICIES, TaskPolicy } from "../lib/aws-constants";
import { taskActions } from "../lib/domain/readiness/root-session-requests";
import { connect } from "../lib/aws";
import { loadOrganizationSnapshot } from "../lib/domain/readiness/load-predictor";
import { ouPathOf, snapshotPredictor } from "../lib/domain/readiness/predict";
import { CORPUS } from "../tools/fake-aws/policy-corpus";
import { FakeAws, FakeOrganization, startFake } from "../tools/fake-aws";
import { READINESS_SHAPES, ReadinessShape, seedReadinessShapes, SeededShape } from "../tools/fake-aws/readiness-shapes";
import { runCli } from "./support/cli";

type Verdicts = Record<TaskPolicy, string>;
const all = (v: string): Verdicts => Object.fromEntries(TASK_POLICIES.map((t) => [t, v])) as Verdicts;
const IAM_BLOCKED = { IAMAuditRootUserCredentials: "blocked", IAMDeleteRootUserCredentials: "blocked", IAMCreateRootUserPassword: "blocked" };

/** What each shape does to the five tasks. */
const EXPECTED: Record<ReadinessShape, Verdicts> = {
  exempting: all("ready"),
  "lza-cccs": all("blocked"),
  "lza-cccs-fixed": all("ready"),
  "bucket-policy-only": { ...IAM_BLOCKED, S3UnlockBucketPolicy: "ready", SQSUnlockQueuePolicy: "blocked" },
  "control-tower": all("blocked"),
  "control-tower-exempt": all("ready"),
  "allow-list": { ...all("ready"), SQSUnlockQueuePolicy: "blocked" },
  "rcp-data": { ...all("ready"), S3UnlockBucketPolicy: "blocked", SQSUnlockQueuePolicy: "blocked" },
  "keep-keys": { ...all("ready"), IAMDeleteRootUserCredentials: "partial" },
  "corporate-network": all("unknown"),
};

describe("root-access readiness against an organization with one OU per policy shape", () => {
  let fake: FakeAws;
  let org: FakeOrganization;
  let shapes: SeededShape[];
  let plain: string;
  let report: any;
  let run: Awaited<ReturnType<typeof runCli>>;
  const shape = (s: ReadinessShape) => shapes.find((x) => x.shape === s)!;
  const account = (id: string) => report.accounts.find((a: any) => a.accountId === id);
  const task = (id: string, t: TaskPolicy) => account(id).tasks.find((x: any) => x.taskPolicy === t);

  beforeAll(async () => {
    org = new FakeOrganization().enableRootAccess();
    ({ shapes, plainAccountId: plain } = seedReadinessShapes(org));
    fake = await startFake(org);
    run = await runCli(["readiness", "--format", "json"], fake.env());
    report = JSON.parse(run.stdout);
  });
  afterAll(() => fake.stop());

  it("opens no root session and predicts every ACTIVE member account (not the management account)", () => {
    expect(run.code).toBe(0);
    expect(org.assumeRootCalls).toEqual([]);
    expect(report.accounts.map((a: any) => a.accountId).sort()).toEqual([...shapes.map((s) => s.accountId), plain].sort());
    expect(Object.keys(report).sort()).toEqual(["accounts", "generatedAt", "organizationId", "summary"]);
    expect(report.organizationId).toBe(org.id);
    expect(account(shape("keep-keys").accountId).ouPath).toBe("Root/keep-keys");
  });

  it.each(READINESS_SHAPES.map((s) => s.shape))("gives the verdicts of the %s shape", (name) => {
    const verdicts = Object.fromEntries(account(shape(name).accountId).tasks.map((t: any) => [t.taskPolicy, t.verdict]));
    expect(verdicts).toEqual(EXPECTED[name]);
    expect(Object.fromEntries(account(plain).tasks.map((t: any) => [t.taskPolicy, t.verdict]))).toEqual(all("ready"));
  });

  it("names the statement that denies, where it is attached, and the denied actions", () => {
    const lza = shape("lza-cccs");
    expect(task(lza.accountId, "IAMAuditRootUserCredentials").blockedBy).toEqual([
      {
        policyId: lza.policyId,
        policyName: "lzaCccsRoot",
        policyType: "SERVICE_CONTROL_POLICY",
        targetId: lza.ouId,
        statementSid: "ROOT",
        statementIndex: 0,
        actions: ["iam:GetLoginProfile", "iam:ListAccessKeys", "iam:ListSigningCertificates", "iam:GetAccessKeyLastUsed"],
        kind: "explicit",
      },
    ]);
    const keys = task(shape("keep-keys").accountId, "IAMDeleteRootUserCredentials");
    expect(keys.deniedActions).toEqual(["iam:DeleteAccessKey"]);
    expect(keys.blockedBy[0]).toMatchObject({ statementSid: "KeepRootKeys", kind: "explicit", targetId: shape("keep-keys").ouId });
    const rcp = task(shape("rcp-data").accountId, "S3UnlockBucketPolicy");
    expect(rcp.blockedBy[0]).toMatchObject({ policyType: "RESOURCE_CONTROL_POLICY", statementSid: "DenyRootOnData", policyId: shape("rcp-data").policyId });
  });

  it("reports an allow-list's implicit deny at the level that lacks the allow", () => {
    const list = shape("allow-list");
    expect(task(list.accountId, "SQSUnlockQueuePolicy").blockedBy).toEqual([
      {
        policyId: list.policyId,
        policyName: "allowListWithoutSqs",
        policyType: "SERVICE_CONTROL_POLICY",
        targetId: list.ouId,
        statementIndex: -1,
        actions: ["sqs:GetQueueAttributes", "sqs:SetQueueAttributes"],
        kind: "implicit",
      },
    ]);
  });

  it("says why a verdict is unknown: aws:SourceIp is known only when the call is made", () => {
    expect(task(shape("corporate-network").accountId, "IAMAuditRootUserCredentials").reason).toMatch(/DenyOutsideCorp.*aws:SourceIp/);
  });

  it("leads the table and the Markdown with the policies blocking the most accounts, and what to change", async () => {
    const table = await runCli(["readiness"], fake.env());
    expect(table.code).toBe(0);
    const first = table.stdout.split("\n").findIndex((l) => l.includes("p-shape"));
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(table.stdout.split("\n").findIndex((l) => l.includes("Account")));
    expect(table.stdout).toContain(
      `add "Null": {"aws:AssumedRoot": "true"} to the Condition of statement "ROOT" of the service control policy ${shape("lza-cccs").policyId}`,
    );
    expect(table.stdout).toContain(`set the ExemptAssumeRoot parameter of Control Tower's restrict-root-user control on the OU ${shape("control-tower").ouId}`);
    const md = await runCli(["readiness", "--format", "markdown"], fake.env());
    expect(md.stdout).toMatch(/#### What blocks root sessions, and what to change/);
    expect(md.stdout).toContain("allow sqs:GetQueueAttributes, sqs:SetQueueAttributes at the OU");
  });

  it("narrows to accounts, an OU and tasks; --fail-on-blocked exits 1 when a cell is blocked", async () => {
    const one = await runCli(
      ["readiness", "--accounts", shape("exempting").accountId, "--task", "IAMAuditRootUserCredentials", "--format", "json", "--fail-on-blocked"],
      fake.env(),
    );
    expect(one.stderr).toBe("");
    expect(one.code).toBe(0);
    expect(JSON.parse(one.stdout).accounts).toEqual([
      {
        accountId: shape("exempting").accountId,
        name: "exempting-workload",
        ouPath: "Root/exempting",
        tasks: [{ taskPolicy: "IAMAuditRootUserCredentials", verdict: "ready", blockedBy: [], deniedActions: [] }],
      },
    ]);
    const ou = await runCli(["readiness", "--ou", shape("control-tower").ouId, "--format", "csv", "--fail-on-blocked"], fake.env());
    expect(ou.code).toBe(1);
    expect(ou.stdout.trim().split("\n")).toHaveLength(6);
    expect(ou.stdout).toContain(`${shape("control-tower").accountId},control-tower-workload,Root/control-tower,IAMAuditRootUserCredentials,blocked`);
  });

  it.each([
    [["--task", "IAMAudit"], /"IAMAudit" is not a task policy; expected IAMAuditRootUserCredentials/],
    [["--accounts", "111111111111"], /111111111111 is the management account/],
    [["--accounts", "999999999999"], /999999999999 is not a member account/],
    [["--ou", "ou-ex12-nothere1"], /ou-ex12-nothere1 is not a root or OU/],
  ])("refuses %j with one line", async (args, message) => {
    const dir = mkdtempSync(join(tmpdir(), "readiness-"));
    const r = await runCli(["readiness", ...args, "--output", join(dir, "r.json")], fake.env());
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(() => readFileSync(join(dir, "r.json"))).toThrow();
  });

  it("reads the organization once: Organizations calls per policy and per parent, never per account and task", async () => {
    const fresh = new FakeOrganization().enableRootAccess();
    seedReadinessShapes(fresh);
    const counted = await startFake(fresh);
    try {
      expect((await runCli(["readiness", "--format", "json"], counted.env())).code).toBe(0);
      const orgCalls = Object.fromEntries([...counted.calls.entries()].filter(([op]) => op.startsWith("organizations:")));
      // 11 parents (the root and 10 OUs); 12 policies (10 shapes, FullAWSAccess, RCPFullAWSAccess); the
      // targets of the 9 SCP shapes listed, and their OUs asked whether FullAWSAccess is there too, except
      // Control Tower's, whose deny decides every root-session action alone (corporate-network names IPs: asked).
      expect(orgCalls).toEqual({
        "organizations:DescribeOrganization": 1,
        "organizations:ListRoots": 1,
        "organizations:ListOrganizationalUnitsForParent": 11,
        "organizations:ListAccountsForParent": 11,
        "organizations:ListPolicies": 2,
        "organizations:DescribePolicy": 12,
        "organizations:ListTargetsForPolicy": 10,
        "organizations:ListPoliciesForTarget": 8,
      });
    } finally {
      await counted.stop();
    }
  });
});

/** The calls each task's root session makes, through the real SDK, as the commands send them. */
function callsFor(accountId: string, creds: any, url: string): Record<string, () => Promise<unknown>> {
  const base = { endpoint: url, region: "us-east-1", credentials: creds, maxAttempts: 1 };
  const iam = new IAMClient(base);
  const s3 = new S3Client({ ...base, forcePathStyle: true });
  const sqs = new SQSClient(base);
  const bucket = `locked-${accountId}`;
  const queue = `http://127.0.0.1/${accountId}/locked`;
  return {
    "iam:GetLoginProfile": () => iam.send(new GetLoginProfileCommand({})),
    "iam:ListAccessKeys": () => iam.send(new ListAccessKeysCommand({})),
    "iam:ListMFADevices": () => iam.send(new ListMFADevicesCommand({})),
    "iam:ListSigningCertificates": () => iam.send(new ListSigningCertificatesCommand({})),
    "iam:GetAccessKeyLastUsed": () => iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: "AKIANOTTHERE" })),
    "iam:DeleteLoginProfile": () => iam.send(new DeleteLoginProfileCommand({})),
    "iam:DeleteAccessKey": () => iam.send(new DeleteAccessKeyCommand({ AccessKeyId: "AKIANOTTHERE" })),
    "iam:DeactivateMFADevice": () => iam.send(new DeactivateMFADeviceCommand({ SerialNumber: `arn:aws:iam::${accountId}:mfa/none` })),
    "iam:DeleteVirtualMFADevice": () => iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: `arn:aws:iam::${accountId}:mfa/none` })),
    "iam:DeleteSigningCertificate": () => iam.send(new DeleteSigningCertificateCommand({ CertificateId: "NOTTHERE" })),
    "iam:CreateLoginProfile": () => iam.send(new CreateLoginProfileCommand({})),
    "s3:GetBucketPolicy": () => s3.send(new GetBucketPolicyCommand({ Bucket: bucket })),
    "s3:PutBucketPolicy": () => s3.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: '{"Version":"2012-10-17","Statement":[]}' })),
    "s3:DeleteBucketPolicy": () => s3.send(new DeleteBucketPolicyCommand({ Bucket: bucket })),
    "sqs:GetQueueAttributes": () => sqs.send(new GetQueueAttributesCommand({ QueueUrl: queue, AttributeNames: ["Policy"] })),
    "sqs:SetQueueAttributes": () => sqs.send(new SetQueueAttributesCommand({ QueueUrl: queue, Attributes: { Policy: "" } })),
  };
}

describe("the prediction matches what root-session calls meet in every account of the fake", () => {
  it("agrees on every action of every task in every account (unknown cells excepted), with AWS's wording", async () => {
    const org = new FakeOrganization().enableRootAccess();
    seedReadinessShapes(org);
    const fake = await startFake(org);
    try {
      const predicted = JSON.parse((await runCli(["readiness", "--format", "json"], fake.env())).stdout);
      const sts = new STSClient({ endpoint: fake.url, region: "us-east-1", credentials: { accessKeyId: "AKIDFAKEMANAGEMENT", secretAccessKey: "x" } });
      const mismatches: string[] = [];
      const wording = new Set<string>();
      let compared = 0;
      for (const a of predicted.accounts) {
        for (const t of a.tasks) {
          if (t.verdict === "unknown") continue;
          const out = await sts.send(
            new AssumeRootCommand({ TargetPrincipal: a.accountId, TaskPolicyArn: { arn: `arn:aws:iam::aws:policy/root-task/${t.taskPolicy}` } }),
          );
          const c = out.Credentials!;
          const calls = callsFor(a.accountId, { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken }, fake.url);
          for (const action of taskActions(t.taskPolicy)) {
            const error = await calls[action]().then(
              () => undefined,
              (e: Error) => e,
            );
            const refusedByOrg = /(service|resource) control policy/.test(error?.message ?? "");
            if (refusedByOrg) wording.add(error!.message.replace(/\d{12}/g, "ACCOUNT").replace(/on resource: \S+/, "on resource: R"));
            compared += 1;
            if (refusedByOrg !== t.deniedActions.includes(action))
              mismatches.push(
                `${a.accountId} ${a.name} ${t.taskPolicy} ${action}: predicted ${t.deniedActions.includes(action) ? "denied" : "allowed"}, the call ${error?.message ?? "succeeded"}`,
              );
          }
        }
      }
      expect(mismatches).toEqual([]);
      expect(compared).toBeGreaterThan(100);
      expect([...wording].some((w) => w.endsWith("with an explicit deny in a service control policy"))).toBe(true);
      expect([...wording].some((w) => w.endsWith("because no service control policy allows the sqs:GetQueueAttributes action"))).toBe(true);
      expect([...wording].some((w) => w.endsWith("with an explicit deny in a resource control policy"))).toBe(true);
    } finally {
      await fake.stop();
    }
  });
});

describe("audit and delete-root-credentials consult the prediction", () => {
  let fake: FakeAws;
  let org: FakeOrganization;
  let shapes: SeededShape[];
  let plain: string;
  const shape = (s: ReadinessShape) => shapes.find((x) => x.shape === s)!;
  beforeAll(async () => {
    org = new FakeOrganization().enableRootAccess();
    ({ shapes, plainAccountId: plain } = seedReadinessShapes(org));
    fake = await startFake(org);
  });
  afterAll(() => fake.stop());
  beforeEach(() => org.assumeRootCalls.splice(0));

  it("audit opens no session in a blocked account and reports it as an error naming the policy", async () => {
    const ct = shape("control-tower");
    const run = await runCli(["audit", "--format", "json"], fake.env());
    expect(run.code).toBe(3);
    const report = JSON.parse(run.stdout);
    const blocked = report.accounts.find((a: any) => a.accountId === ct.accountId);
    expect(blocked.status).toBe("error");
    expect(blocked.error.code).toBe("BlockedByOrganizationPolicy");
    expect(blocked.error.message).toBe(
      `${ct.accountId}: no IAMAuditRootUserCredentials root session opened: iam:GetLoginProfile, iam:ListAccessKeys, iam:ListMFADevices, iam:ListSigningCertificates, iam:GetAccessKeyLastUsed denied with an explicit deny in the service control policy ${ct.policyId} (controlTowerRestrictRoot) attached to ${ct.ouId}, statement "GRRESTRICTROOTUSER" (#0) (root-access readiness says what to change; --no-predict tries anyway)`,
    );
    const opened = new Set(org.assumeRootCalls.map((c) => c.target));
    for (const s of ["control-tower", "lza-cccs", "bucket-policy-only"] as const) expect(opened.has(shape(s).accountId)).toBe(false);
    // Ready and unknown accounts are audited (the unknown one meets its SCP for real).
    expect(report.accounts.find((a: any) => a.accountId === shape("exempting").accountId).status).toBe("audited");
    expect(opened.has(shape("corporate-network").accountId)).toBe(true);
  });

  it("audit --no-predict tries anyway and meets AWS's denial", async () => {
    const ct = shape("control-tower");
    const run = await runCli(["audit", "--accounts", ct.accountId, "--format", "json", "--no-predict"], fake.env());
    const account = JSON.parse(run.stdout).accounts[0];
    expect(org.assumeRootCalls.map((c) => c.target)).toEqual([ct.accountId]);
    expect(account.error.code).toBe("AccessDenied");
    expect(account.error.message).toMatch(/is not authorized to perform: iam:\w+ on resource: .* with an explicit deny in a service control policy/);
  });

  it("delete-root-credentials in a blocked account opens no session and names the policy", async () => {
    const lza = shape("lza-cccs");
    const dir = mkdtempSync(join(tmpdir(), "readiness-delete-"));
    const run = await runCli(["delete-root-credentials", "--account", lza.accountId, "--yes", "--action-log", join(dir, "a.jsonl")], fake.env());
    expect(org.assumeRootCalls).toEqual([]);
    expect(run.code).toBe(1);
    expect(`${run.stdout}${run.stderr}`).toContain(`BlockedByOrganizationPolicy`);
    expect(`${run.stdout}${run.stderr}`).toContain(
      `explicit deny in the service control policy ${lza.policyId} (lzaCccsRoot) attached to ${lza.ouId}, statement "ROOT" (#0)`,
    );
    expect(org.accounts.get(lza.accountId)!.rootCredentials.loginProfile).toBe(true);
  });

  it("a caller that may not read policies gets one warning line and the command goes on without prediction", async () => {
    // The plain account as IAM delegated administrator, without the Organizations policy delegation.
    const admin = plain;
    org.delegatedAdministrators.set("iam.amazonaws.com", new Set([admin]));
    try {
      const run = await runCli(["audit", "--accounts", shape("exempting").accountId, "--format", "json"], fake.env(`AKID${admin}EXAMPLE`));
      const warnings = run.stderr.split("\n").filter((l) => l.includes("warning"));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(
        /cannot read the organization's policies \(organizations:\w+: AccessDeniedException\).*grant organizations:ListRoots.*going on without prediction/,
      );
      expect(JSON.parse(run.stdout).accounts[0].status).toBe("audited");
    } finally {
      org.delegatedAdministrators.delete("iam.amazonaws.com");
    }
  });
});

describe("resource control policies on sts:AssumeRoot", () => {
  it("predicts a session refused by an RCP on STS, which the fake then refuses in AWS's words", async () => {
    const org = new FakeOrganization().enableRootAccess();
    org.addOrganizationalUnit("ou-ex12-security1", "security");
    org.addAccount({ id: "400000000001", name: "locked-down", parentId: "ou-ex12-security1" });
    org.addAccount({ id: "400000000002", name: "open" });
    // Only the security account (not the management account) may open root sessions here.
    org.addPolicy({
      id: "p-rcpsts001",
      name: "root-sessions-from-security-only",
      type: "RESOURCE_CONTROL_POLICY",
      content: {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "OnlySecurity",
            Effect: "Deny",
            Principal: "*",
            Action: "sts:AssumeRoot",
            Resource: "*",
            Condition: { StringNotEquals: { "aws:PrincipalAccount": "400000000009" } },
          },
        ],
      },
      targets: ["ou-ex12-security1"],
    });
    const fake = await startFake(org);
    try {
      const report = JSON.parse((await runCli(["readiness", "--task", "IAMAuditRootUserCredentials", "--format", "json"], fake.env())).stdout);
      const locked = report.accounts.find((a: any) => a.accountId === "400000000001").tasks[0];
      expect(locked).toMatchObject({ verdict: "blocked", deniedActions: ["sts:AssumeRoot"] });
      expect(locked.blockedBy).toEqual([
        {
          policyId: "p-rcpsts001",
          policyName: "root-sessions-from-security-only",
          policyType: "RESOURCE_CONTROL_POLICY",
          targetId: "ou-ex12-security1",
          statementSid: "OnlySecurity",
          statementIndex: 0,
          actions: ["sts:AssumeRoot"],
          kind: "explicit",
        },
      ]);
      expect(report.accounts.find((a: any) => a.accountId === "400000000002").tasks[0].verdict).toBe("ready");
      const tried = JSON.parse((await runCli(["audit", "--accounts", "400000000001", "--format", "json", "--no-predict"], fake.env())).stdout);
      expect(tried.accounts[0].error.message).toMatch(
        /not authorized to perform: sts:AssumeRoot on resource: arn:aws:iam::400000000001:root with an explicit deny in a resource control policy/,
      );
    } finally {
      await fake.stop();
    }
  });
});

describe("the prediction audit and remediate plan load: the root's accounts are not listed", () => {
  it("predicts every account and task as the full read does, with one ListAccountsForParent per OU and none for the root", async () => {
    const org = new FakeOrganization().enableRootAccess();
    seedReadinessShapes(org);
    // Under the root as well: one account with Control Tower's SCP on itself, one with an RCP on itself, and 45 plain ones (three pages).
    org.addAccount({ id: "400000000001", name: "root-level-ct" });
    org.addAccount({ id: "400000000002", name: "root-level-rcp" });
    for (let i = 3; i <= 47; i++) org.addAccount({ id: `4000000000${String(i).padStart(2, "0")}`, name: `root-level-${i}` });
    org.addPolicy({
      id: "p-onaccount1",
      name: "ct-on-account",
      type: "SERVICE_CONTROL_POLICY",
      content: CORPUS.controlTowerRestrictRoot,
      targets: ["400000000001"],
    });
    org.addPolicy({ id: "p-onaccount2", name: "rcp-on-account", type: "RESOURCE_CONTROL_POLICY", content: CORPUS.rcpDenyRoot, targets: ["400000000002"] });
    const fake = await startFake(org);
    const saved = { ...process.env };
    Object.assign(process.env, fake.env());
    const aws = await connect({ region: "us-east-1" });
    try {
      const options = {
        partition: "aws",
        region: "us-east-1",
        caller: { accountId: org.managementAccountId, arn: `arn:aws:iam::${org.managementAccountId}:user/fake-operator` },
      };
      const full = snapshotPredictor(await loadOrganizationSnapshot(aws.organizations, options));
      const listed = fake.callCount("organizations:ListAccountsForParent");
      const lean = snapshotPredictor(await loadOrganizationSnapshot(aws.organizations, { ...options, membersUnderRootUnlisted: true }));
      const ous = org.organizationalUnits.size;
      expect(fake.callCount("organizations:ListAccountsForParent") - listed).toBe(ous);
      // The full read lists the root's 47 + 1 (the management account) in three pages of 20.
      expect(listed).toBe(ous + 3);
      const members = [...org.accounts.keys()];
      const differences = members.flatMap((id) =>
        TASK_POLICIES.filter((t) => JSON.stringify(lean.predict(id, t)) !== JSON.stringify(full.predict(id, t))).map((t) => `${id} ${t}`),
      );
      expect(differences).toEqual([]);
      expect(lean.predict("400000000001", "IAMAuditRootUserCredentials").verdict).toBe("blocked");
      expect(lean.predict("400000000002", "S3UnlockBucketPolicy").verdict).toBe("blocked");
      expect(lean.predict("400000000003", "IAMDeleteRootUserCredentials").verdict).toBe("ready");
      expect(ouPathOf(lean.snapshot, "400000000003")).toBe("Root");
    } finally {
      aws.close();
      process.env = saved;
      await fake.stop();
    }
  });
});
