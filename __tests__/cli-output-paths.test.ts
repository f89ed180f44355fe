// Output paths are checked before any AWS call (exit 2, the path named), reports are written whole
// and 0600, and discover --write never rewrites another organization's entry.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readConfigFile } from "../lib/config/load-config";
import { runCli } from "./support/cli";
import { FakeAws, FakeOrganization, startFake } from "../tools/fake-aws";

const MEMBER = "222222222222";
const tmp = () => mkdtempSync(join(tmpdir(), "ra-out-"));

function organization(): FakeOrganization {
  const org = new FakeOrganization().enableRootAccess();
  org.id = "o-abc123defg";
  org.servicePrincipals.add("sso.amazonaws.com");
  org.addAccount({ id: MEMBER, name: "member", rootCredentials: { loginProfile: true } });
  org.accounts.get(MEMBER)!.buckets.set("locked", '{"Statement":[]}');
  return org;
}

describe("output paths are checked before any AWS call", () => {
  let fake: FakeAws;
  beforeAll(async () => (fake = await startFake(organization())));
  afterAll(() => fake.stop());
  const calls = () => [...fake.calls.values()].reduce((a, b) => a + b, 0);

  it.each<[string, (dir: string) => string[], string]>([
    ["audit --output into a folder", (d) => ["audit", "--output", d], "is a folder; name a file"],
    ["audit --output in a missing folder", (d) => ["audit", "--output", join(d, "nope", "r.json")], "cannot be used: its folder does not exist"],
    ["audit --output /dev/full", () => ["audit", "--output", "/dev/full"], "is not a regular file"],
    [
      "audit --output through a symbolic link",
      (d) => (writeFileSync(join(d, "t"), ""), symlinkSync(join(d, "t"), join(d, "l")), ["audit", "--output", join(d, "l")]),
      "is a symbolic link",
    ],
    [
      "delete --action-log into a folder",
      (d) => ["delete-root-credentials", "--account", MEMBER, "--yes", "--action-log", d],
      "cannot open the log for appending: it is a folder",
    ],
    [
      "unlock --backup-dir that is a file",
      (d) => (
        writeFileSync(join(d, "f"), ""),
        ["unlock-s3-bucket-policy", "--account", MEMBER, "--bucket", "locked", "--yes", "--backup-dir", join(d, "f"), "--action-log", join(d, "a.jsonl")]
      ),
      "is not a folder",
    ],
    [
      "unlock --backup-dir /proc/nope",
      (d) => ["unlock-s3-bucket-policy", "--account", MEMBER, "--bucket", "locked", "--yes", "--backup-dir", "/proc/nope", "--action-log", join(d, "a.jsonl")],
      "--backup-dir /proc/nope: cannot create the folder /proc/nope",
    ],
    ["discover --write to a folder", (d) => ["discover", "--write", d], "is a folder; name a file"],
  ])("%s: exit 2, one line naming the path, no AWS call", async (_what, args, why) => {
    const dir = tmp();
    const argv = args(dir);
    const before = calls();
    const run = await runCli(argv, fake.env(), { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain(why);
    expect(calls()).toBe(before);
  });

  it("writes the audit report 0600, whole, with no temporary file left", async () => {
    const dir = tmp();
    const file = join(dir, "audit.json");
    const run = await runCli(["audit", "--format", "json", "--output", file], fake.env(), { cwd: dir });
    expect(run.code).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, "utf8")).summary).toBeDefined();
    expect(readdirSync(dir)).toEqual(["audit.json"]);
  });
});

describe("review input files", () => {
  it("names a file given as --synth, and a malformed cdk.tf.json", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "file"), "");
    const onFile = await runCli(["review", "--synth", join(dir, "file")], {});
    expect(onFile.code).toBe(2);
    expect(onFile.stderr).toBe(`root-access: ${join(dir, "file")}: is a file, not a folder; expected a cdktf synth output (e.g. cdktf.out)\n`);
    mkdirSync(join(dir, "out", "stacks", "main"), { recursive: true });
    writeFileSync(join(dir, "out", "stacks", "main", "cdk.tf.json"), "{ nope");
    const bad = await runCli(["review", "--synth", join(dir, "out")], {});
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      new RegExp(`^root-access: ${join(dir, "out", "stacks", "main", "cdk.tf.json")}: not a synthesized stack in JSON \\(run cdktf synth again\\): `),
    );
  });
});

describe("discover --write --name", () => {
  let fake: FakeAws;
  beforeAll(async () => (fake = await startFake(organization())));
  afterAll(() => fake.stop());

  it("refuses an entry of another organization and writes nothing", async () => {
    const file = join(tmp(), "organizations.json");
    const text = `{ "organizations": [ { "name": "prod", "region": "us-east-1", "managementAccountId": "999999999999", "trustedAccess": { "mode": "organization", "organizationId": "o-other00000", "servicePrincipals": ["config.amazonaws.com"] } } ] }\n`;
    writeFileSync(file, text);
    const run = await runCli(["discover", "--write", file, "--name", "prod"], fake.env());
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `root-access: ${file}: organizations[0] "prod" describes another organization (managementAccountId 999999999999, organization o-other00000), not the live o-abc123defg (management account 111111111111): nothing was written; choose another --name for this one\n`,
    );
    expect(readFileSync(file, "utf8")).toBe(text);
  });

  it("keeps and reports a configured principal and delegated administrator the live organization lacks", async () => {
    const file = join(tmp(), "organizations.json");
    writeFileSync(
      file,
      `{ "organizations": [ { "name": "prod", "region": "us-east-1", "delegatedAdministrator": { "accountId": "${MEMBER}" }, "trustedAccess": { "mode": "organization", "servicePrincipals": ["config.amazonaws.com"] } } ] }\n`,
    );
    const run = await runCli(["discover", "--write", file, "--name", "prod"], fake.env());
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      `${file}: "prod": servicePrincipals: "config.amazonaws.com" is configured but has no trusted access in the live organization: kept (a deploy turns it on; remove it to leave it off)`,
    );
    expect(run.stderr).toContain(
      `${file}: "prod": delegatedAdministrator: ${MEMBER} is configured but is not an IAM delegated administrator in the live organization (live: none): kept (a deploy registers it)`,
    );
    const prod = readConfigFile(file).organizations[0];
    expect(prod.trustedAccess).toMatchObject({ servicePrincipals: ["config.amazonaws.com", "sso.amazonaws.com"] });
    expect(prod.delegatedAdministrator).toEqual({ accountId: MEMBER });
  });
});
