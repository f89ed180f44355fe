// The local AWS fake itself: what it refuses, and how, through the real SDK.
import { spawn } from "node:child_process";
import { connect } from "node:net";
import { ListHandshakesForAccountCommand, OrganizationsClient } from "@aws-sdk/client-organizations";
import { FakeOrganization, startFake } from "../tools/fake-aws";
import { ROOT } from "./support/cli";
import { collect } from "./support/process";

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
});
