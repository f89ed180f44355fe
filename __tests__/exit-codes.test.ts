// The exit-code table of --help and the README, one row at a time, through the real CLI.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { EXIT, EXIT_CODE_HELP } from "../lib/cli/exit-codes";
import { reportError } from "../lib/cli/main";
import { FakeOrganization, startFake, FakeAws } from "../tools/fake-aws";
import { ROOT, runCli } from "./support/cli";

describe("exit codes", () => {
  let fake: FakeAws;
  let org: FakeOrganization;
  beforeAll(async () => {
    org = new FakeOrganization().enableRootAccess();
    org.addAccount({ id: "222222222222", rootCredentials: { loginProfile: true } });
    fake = await startFake(org, {
      failures: [{ operation: "organizations:DescribeOrganization", accountId: "333333333333", code: "AccessDeniedException", message: "no" }],
    });
  });
  afterAll(() => fake.stop());

  it.each([
    ["0: success", ["audit", "--format", "json", "--accounts", "111111111111"], {}, EXIT.ok],
    ["1: findings (audit --fail-on-credentials)", ["audit", "--fail-on-credentials", "--format", "json"], {}, EXIT.findings],
    [
      "1: a refused action (the management account as a target)",
      ["allow-password-recovery", "--account", "111111111111", "--yes", "--action-log", "/dev/null"],
      {},
      EXIT.findings,
    ],
    [
      "1: an action not confirmed (no --yes, no terminal)",
      ["allow-password-recovery", "--account", "222222222222", "--action-log", "/dev/null"],
      {},
      EXIT.findings,
    ],
    ["2: a usage error", ["audit", "--concurrency", "0"], {}, EXIT.usage],
    ["2: a config error", ["check", "--config", "/nonexistent.json"], {}, EXIT.usage],
    ["3: an AWS error", ["discover"], { AWS_ACCESS_KEY_ID: "AKID333333333333XX" }, EXIT.aws],
  ] as const)("%s", async (_row, args, env, code) => {
    const run = await runCli([...args], { ...fake.env(), ...env });
    expect(run.code).toBe(code);
    // A failure is one line on stderr; success prints nothing there.
    const findingsOnly = code === EXIT.ok || (args as readonly string[]).includes("--fail-on-credentials");
    expect(run.stderr.trim().split("\n").filter(Boolean).length).toBe(findingsOnly ? 0 : 1);
  });

  it("70: an internal error (a bug) names itself, asks for --debug, and exits 70", () => {
    const write = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      expect(reportError(new TypeError("x is undefined"), false)).toBe(70);
      expect(write.mock.calls.map((c) => String(c[0]))).toEqual([
        "root-access: internal error: x is undefined\n",
        "(a bug in root-access: run again with --debug for the stack trace, and report it)\n",
      ]);
    } finally {
      write.mockRestore();
    }
  });

  it("documents the same table in --help and the README", async () => {
    const help = await runCli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain(EXIT_CODE_HELP);
    expect(readFileSync(join(ROOT, "README.md"), "utf8")).toContain(EXIT_CODE_HELP);
  });
});
