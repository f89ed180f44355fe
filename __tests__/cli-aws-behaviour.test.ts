// The privileged actions and the AWS set-up under behaviour real AWS has and a naive fake lacks:
// buckets in other regions, slow SQS policy changes, root sessions that expire while a person reads
// the plan, a region set only in the profile, and root sessions pinned to where the alerts listen.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FakeAws, FakeOrganization, startFake } from "../tools/fake-aws";
import { runCli, runCliOnTerminal, terminalAvailable, terminalSkipped } from "./support/cli";
import { itWaits } from "./support/fast";

const MEMBER = "222222222222";
const LOCKED = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"*","Resource":"*"}]}';
const tmp = () => mkdtempSync(join(tmpdir(), "ra-real-"));

/** A config file with one organization "main" that has AssumeRoot alerts by email. */
function configWithAlerts(entry: Record<string, unknown>): string {
  const file = join(tmp(), "organizations.json");
  writeFileSync(file, JSON.stringify({ organizations: [{ name: "main", ...entry, guardrails: { assumeRootAlerts: { emails: ["security@example.com"] } } }] }));
  return file;
}

function organization() {
  const org = new FakeOrganization().enableRootAccess();
  const member = org.addAccount({ id: MEMBER, rootCredentials: { loginProfile: true } });
  return { org, member };
}

async function withFakeOf<T>(org: FakeOrganization, options: ConstructorParameters<typeof FakeAws>[1], fn: (fake: FakeAws) => Promise<T>): Promise<T> {
  const fake = await startFake(org, options);
  try {
    return await fn(fake);
  } finally {
    await fake.stop();
  }
}

describe("privileged actions as AWS behaves", () => {
  it("unlocks a bucket in another region than the CLI's (S3 answers 301 with the bucket's region; the client follows it)", async () => {
    const { org, member } = organization();
    member.buckets.set("eu-bucket", LOCKED);
    member.bucketRegions.set("eu-bucket", "eu-west-1");
    await withFakeOf(org, {}, async (fake) => {
      const dir = tmp();
      const run = await runCli(
        [
          "unlock-s3-bucket-policy",
          "--account",
          MEMBER,
          "--bucket",
          "eu-bucket",
          "--yes",
          "--backup-dir",
          join(dir, "b"),
          "--action-log",
          join(dir, "a.jsonl"),
        ],
        fake.env(),
      );
      expect(run.stderr).not.toMatch(/PermanentRedirect/);
      expect(run.code).toBe(0);
      expect(member.buckets.get("eu-bucket")).toBeUndefined();
      expect(fake.callCount("s3:GetBucketPolicy")).toBeGreaterThanOrEqual(3); // 301, then the retry in eu-west-1, then the check
    });
  });

  itWaits("waits for a deleted queue policy to disappear (SetQueueAttributes takes time to show) instead of reporting it still present", async () => {
    const { org, member } = organization();
    await withFakeOf(org, { sqsPropagationMs: 1500 }, async (fake) => {
      const queueUrl = `${fake.url}/${MEMBER}/slow-queue`;
      member.queues.set(queueUrl, LOCKED);
      const dir = tmp();
      const run = await runCli(
        [
          "unlock-sqs-queue-policy",
          "--account",
          MEMBER,
          "--queue-url",
          queueUrl,
          "--yes",
          "--backup-dir",
          join(dir, "b"),
          "--action-log",
          join(dir, "a.jsonl"),
        ],
        fake.env(),
      );
      expect(run.stdout).toContain("policy deleted");
      expect(run.code).toBe(0);
      expect(fake.callCount("sqs:GetQueueAttributes")).toBeGreaterThanOrEqual(3); // the plan, a stale read, then the empty one
    });
  });

  (terminalAvailable ? it : it.skip)(
    `opens a fresh root session after the confirmation, so a plan read long ago still executes${terminalAvailable ? "" : terminalSkipped}`,
    async () => {
      const { org, member } = organization();
      member.buckets.set("locked-bucket", LOCKED);
      // Root sessions live 300 ms here; the person answers after 800 ms (in AWS: 15 minutes, and a slow reader).
      await withFakeOf(org, { rootSessionLifetimeMs: 300 }, async (fake) => {
        const dir = tmp();
        const run = await runCliOnTerminal(
          ["unlock-s3-bucket-policy", "--account", MEMBER, "--bucket", "locked-bucket", "--backup-dir", join(dir, "b"), "--action-log", join(dir, "a.jsonl")],
          fake.env(),
          "y",
          {
            answerAfterMs: 800,
          },
        );
        expect(run.stdout).toContain("policy deleted");
        expect(run.code).toBe(0);
        expect(org.assumeRootCalls).toHaveLength(2);
      });
    },
  );
});

describe("AWS set-up", () => {
  it("takes the region from the profile's config when neither --region nor AWS_REGION is set", async () => {
    const { org } = organization();
    await withFakeOf(org, {}, async (fake) => {
      const dir = tmp();
      writeFileSync(join(dir, "config"), "[profile ops]\nregion = eu-west-2\n");
      writeFileSync(join(dir, "credentials"), "[ops]\naws_access_key_id = AKIDFAKEMANAGEMENT\naws_secret_access_key = fake-secret\n");
      const env: Record<string, string> = { ...fake.env(), AWS_CONFIG_FILE: join(dir, "config"), AWS_SHARED_CREDENTIALS_FILE: join(dir, "credentials") };
      for (const key of ["AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]) delete env[key];
      const run = await runCli(["--profile", "ops", "audit", "--format", "json"], env);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(new Set(org.assumeRootCalls.map((c) => c.region))).toEqual(new Set(["eu-west-2"]));
    });
  });

  it("still refuses, in one line, when no region is set anywhere", async () => {
    const { org } = organization();
    await withFakeOf(org, {}, async (fake) => {
      const env = { ...fake.env() } as Record<string, string>;
      delete env.AWS_REGION;
      const run = await runCli(["audit"], env);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        "root-access: no AWS region: pass --region, set AWS_REGION, or set region in the profile (STS AssumeRoot needs a regional endpoint)\n",
      );
    });
  });

  it("opens root sessions in the region where the organization's alerts listen, whatever --region says, and says so", async () => {
    const { org } = organization();
    await withFakeOf(org, {}, async (fake) => {
      const file = configWithAlerts({ region: "eu-central-1", managementAccountId: "111111111111" });
      const run = await runCli(["--region", "us-west-2", "audit", "--format", "json"], { ...fake.env(), ROOT_ACCESS_CONFIG: file });
      expect(run.code).toBe(0);
      expect(run.stderr).toBe(
        `config: ${file} (read for the region where its AssumeRoot alerts listen)\nroot sessions go through STS in eu-central-1, where the AssumeRoot alerts of "main" (${file}) listen\n`,
      );
      expect(new Set(org.assumeRootCalls.map((c) => c.region))).toEqual(new Set(["eu-central-1"]));
    });
  });
});

describe("check and the trail the alerts need", () => {
  it("warns when no trail logs management events in the calling account, and is in order once one does", async () => {
    const { org } = organization();
    await withFakeOf(org, {}, async (fake) => {
      const file = configWithAlerts({ region: "us-east-1", trustedAccess: { mode: "external" } });
      const without = await runCli(["check", "--config", file, "--format", "json"], fake.env());
      expect(without.code).toBe(1);
      expect(
        JSON.parse(without.stdout)
          .findings.filter((f: { severity: string }) => f.severity !== "ok")
          .map((f: { code: string }) => f.code),
      ).toEqual(["alert-trail-missing"]);
      org.addTrail(org.managementAccountId, { homeRegion: "eu-west-1" });
      const multiRegion = await runCli(["check", "--config", file, "--format", "json"], fake.env());
      expect(multiRegion.code).toBe(0);
    });
  });
});
