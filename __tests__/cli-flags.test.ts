// Flag values refused with one line before anything runs: whole numbers only, no empty values,
// a profile that does not exist named as such.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "./support/cli";

describe("flag values", () => {
  it.each(["0x10", "1e1", " 5 ", "5.0", "+5", ""])("refuses --concurrency %j: whole numbers only", async (value) => {
    const run = await runCli(["audit", "--concurrency", value], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/option '--concurrency <n>' argument '.*' is invalid\. expected a whole number from 1 to \d+/);
  });

  it("refuses an empty --region", async () => {
    const run = await runCli(["--region", "", "audit"], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("option '--region <region>' argument '' is invalid. expected a region name, e.g. us-east-1");
  });

  it("refuses an empty --output before any AWS call", async () => {
    const run = await runCli(["audit", "--output", ""], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("root-access: --output: the file name is empty: name a file\n");
  });

  it("says in one line that a profile does not exist", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ra-profile-"));
    writeFileSync(join(dir, "config"), "[profile mgmt]\nregion = us-east-1\n");
    writeFileSync(join(dir, "credentials"), "[other]\naws_access_key_id = AKIDX\naws_secret_access_key = x\n");
    const env = { AWS_CONFIG_FILE: join(dir, "config"), AWS_SHARED_CREDENTIALS_FILE: join(dir, "credentials"), AWS_REGION: "us-east-1" };
    const run = await runCli(["--profile", "nope", "discover"], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `root-access: --profile nope: no such profile in ${join(dir, "config")} or ${join(dir, "credentials")} (profiles there: mgmt, other)\n`,
    );
  });
});
