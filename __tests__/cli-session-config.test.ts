// audit and the privileged commands read the organizations config only for the session region:
// --config names it, the first line says which file was read, and --help says why.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "./support/cli";
import { FakeOrganization, startFake } from "../tools/fake-aws";

const MEMBER = "222222222222";

describe("--config on audit and the privileged commands", () => {
  it.each([
    ["audit", ["audit", "--format", "json", "--accounts", MEMBER]],
    ["delete-root-credentials", ["delete-root-credentials", "--account", MEMBER, "--dry-run", "--action-log", "/dev/null"]],
  ])("%s names the config file it read in its first line", async (_name, args) => {
    const org = new FakeOrganization().enableRootAccess();
    org.addAccount({ id: MEMBER });
    const fake = await startFake(org);
    try {
      const dir = mkdtempSync(join(tmpdir(), "ra-cfg-"));
      const file = join(dir, "elsewhere.json");
      writeFileSync(file, `{ "organizations": [ { "name": "main", "region": "us-east-1" } ] }\n`);
      const run = await runCli([...args, "--config", file], fake.env(), { cwd: dir });
      expect(run.code).toBe(0);
      expect(run.stderr.split("\n")[0]).toBe(`config: ${file} (read for the region where its AssumeRoot alerts listen)`);
      const bad = await runCli([...args, "--config", join(dir, "missing.json")], fake.env(), { cwd: dir });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toBe(`root-access: ${join(dir, "missing.json")}: cannot read the config: no such file\n`);
    } finally {
      await fake.stop();
    }
  });

  it.each(["audit", "delete-root-credentials", "allow-password-recovery", "unlock-s3-bucket-policy", "unlock-sqs-queue-policy"])(
    "%s --help says why it reads the config",
    async (command) => {
      const run = await runCli([command, "--help"], {});
      expect(run.stdout.replace(/\s+/g, " ")).toContain(
        "--config <file> organizations config, read for one thing: the region where its AssumeRoot alerts listen",
      );
    },
  );
});
