// The local AWS fake itself: what it refuses, and how, through the real SDK.
import { spawn } from "node:child_process";
import { connect } from "node:net";
import { ListHandshakesForAccountCommand, ListPoliciesCommand, ListTargetsForPolicyCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { FakeAws, FakeOrganization, startFake } from "../tools/fake-aws";
import { fakeFromArgs, FakeUsageError } from "../tools/fake-aws/cli-options";
import { ROOT } from "./support/cli";
import { collect } from "./support/process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CORPUS } from "../tools/fake-aws/policy-corpus";

describe("the local AWS fake", () => {
  it("answers an operation it does not implement with an error naming it", async () => {
    const fake = await startFake(new FakeOrganization());
    const client = new OrganizationsClient({
      region: "us-east-1",
      endpoint: fake.url,
      credentials: { accessKeyId: "AKIDFAKE", secretAccessKey: "x" },
      maxAttempts: 1,
    });
    try {
      await expect(client.send(new ListHandshakesForAccountCommand({}))).rejects.toThrow(
        "The local AWS fake does not implement organizations:ListHandshakesForAccount",
      );
    } finally {
      client.destroy();
      await fake.stop();
    }
  });
});

describe("npm run fake-aws", () => {
  const npm = (args: string[]) =>
    spawn("npm", ["run", "--silent", "fake-aws", "--", ...args], {
      cwd: ROOT,
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
      stdio: ["ignore", "pipe", "pipe"],
    });

  /** Resolves with the URL the fake prints once it listens. */
  function listening(child: ReturnType<typeof npm>): Promise<string> {
    return new Promise((resolve, reject) => {
      let text = "";
      child.stdout!.on("data", (d) => {
        text += d;
        const url = /Local AWS fake on (http:\/\/127\.0\.0\.1:\d+)/.exec(text)?.[1];
        if (url) resolve(url);
      });
      child.on("close", (code) => reject(new Error(`fake-aws exited ${code} before listening: ${text}`)));
    });
  }

  const reachable = (url: string) =>
    new Promise<boolean>((resolve) => {
      const socket = connect(Number(new URL(url).port), "127.0.0.1");
      socket.on("connect", () => (socket.destroy(), resolve(true)));
      socket.on("error", () => resolve(false));
    });

  it("stops listening when the npm process gets SIGTERM", async () => {
    const child = npm(["--port", "0", "--accounts", "2"]);
    const url = await listening(child);
    expect(await reachable(url)).toBe(true);
    const closed = collect(child);
    child.kill("SIGTERM");
    await closed;
    for (let i = 0; i < 40 && (await reachable(url)); i++) await new Promise((r) => setTimeout(r, 100));
    expect(await reachable(url)).toBe(false);
  });

  it("says in one line that a port is in use, exit 2, no stack trace", async () => {
    const fake = await startFake(new FakeOrganization());
    try {
      const port = new URL(fake.url).port;
      const run = await collect(npm(["--port", port]));
      expect(run.code).toBe(2);
      expect(
        run.stderr
          .trim()
          .split("\n")
          .filter((l) => !l.startsWith("npm ")),
      ).toEqual([`fake-aws: port ${port} on 127.0.0.1 is in use (another fake still running?): stop it, or pass --port with a free port (0 picks one)`]);
    } finally {
      await fake.stop();
    }
  });

  it("refuses a bad flag in one line, exit 2, no stack trace (the rest of the refusals: fakeFromArgs below)", async () => {
    const run = await collect(npm(["--port", "0", "--seed", "nothing"]));
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe('fake-aws: --seed "nothing": expected readiness');
  });
});

// What `npm run fake-aws` reads its arguments into (cli.ts prints a refusal as `fake-aws: MESSAGE`, exit 2).
describe("the fake's arguments (fakeFromArgs)", () => {
  it.each([
    [["--seed", "nothing"], '--seed "nothing": expected readiness'],
    [["--scp", "policy.json"], '--scp "policy.json": expected FILE@TARGET (a policy JSON file and a root, OU or account ID)'],
    [
      ["--rcp", "package.json@ou-ex12-nothere1"],
      "--rcp package.json@ou-ex12-nothere1: ou-ex12-nothere1 is not the root (r-ex12), an OU or an account of the fake",
    ],
    [["--scp", "nothere.json@r-ex12"], "--scp nothere.json@r-ex12: cannot read nothere.json as JSON: ENOENT: no such file or directory, open 'nothere.json'"],
    [["--accounts", "many"], '--accounts "many" is not a whole number'],
    [["--trail", "yes"], '--trail "yes": expected on or off'],
    [["--locked-bucket", "bucket"], '--locked-bucket "bucket": expected ACCOUNT/NAME, e.g. 200000000001/locked-bucket'],
    [
      ["--accounts", "2", "--locked-queue", "200000000005/q"],
      "--locked-queue 200000000005/q: 200000000005 is not a member account of the fake (members are 200000000000 to 200000000001)",
    ],
    [["--rate-limit", "sts:AssumeRoot"], "--rate-limit sts:AssumeRoot: expected service:Action=requests-per-second"],
    [["--unanswered", "2"], '--unanswered "2": expected a share of requests from 0 to 1 (0.01: one in 100)'],
    [["--unanswered-operation", "AssumeRoot"], "--unanswered-operation AssumeRoot: expected service:Action"],
    [
      ["--colour"],
      "Unknown option '--colour'; options: --accounts, --port, --latency, --rate-limit, --page-size, --clean, --root-access, --unanswered, --unanswered-operation, --seed, --scp, --rcp, --trail, --locked-bucket, --locked-queue",
    ],
  ])("refuses %j: %s", (args, message) => {
    expect(() => fakeFromArgs(args)).toThrow(new FakeUsageError(message));
  });

  it("reads the server's options: latency, page size, rate limits, unanswered operations, port", () => {
    const setup = fakeFromArgs([
      "--latency",
      "50",
      "--page-size",
      "5",
      "--rate-limit",
      "sts:AssumeRoot=100",
      "--unanswered-operation",
      "sts:AssumeRoot",
      "--port",
      "4570",
      "--trail",
      "off",
    ]);
    expect(setup.options).toEqual({
      latencyMs: 50,
      accountsPageSize: 5,
      rateLimits: { "sts:AssumeRoot": 100 },
      unanswered: { fraction: 1, operations: ["sts:AssumeRoot"] },
    });
    expect([setup.port, setup.trail, setup.org.accounts.size]).toEqual([4570, false, 21]);
  });

  it("starts with the readiness shapes and a policy from a file attached where asked", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "fake-scp-")), "deny-root.json");
    writeFileSync(file, JSON.stringify(CORPUS.awsDenyRootExemptingSessions));
    const setup = fakeFromArgs(["--accounts", "1", "--seed", "readiness", "--scp", `${file}@r-ex12`]);
    const fake = new FakeAws(setup.org, setup.options);
    const url = await fake.start(0);
    const client = new OrganizationsClient({ endpoint: url, region: "us-east-1", credentials: { accessKeyId: "AKIDFAKEMANAGEMENT", secretAccessKey: "x" } });
    try {
      const scps = await client.send(new ListPoliciesCommand({ Filter: "SERVICE_CONTROL_POLICY" }));
      const names = (scps.Policies ?? []).map((p) => p.Name);
      expect(names).toEqual(expect.arrayContaining(["FullAWSAccess", "lzaCccsRoot", "controlTowerRestrictRoot", "deny-root.json"]));
      const targets = await client.send(new ListTargetsForPolicyCommand({ PolicyId: "p-cli00001" }));
      expect(targets.Targets?.map((t) => [t.TargetId, t.Type])).toEqual([["r-ex12", "ROOT"]]);
    } finally {
      client.destroy();
      await fake.stop();
    }
  });
});
