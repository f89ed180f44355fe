// The test support's schema cache (support/schema-cache-proxy.ts) in front of a stand-in provider
// that counts what it is asked: configuration checks that arrive side by side, and the claims the
// jest workers of a run take on what they keep (support/run-folder.ts). No terraform needed: the
// same proxy in front of the real provider is tested in terraform-validate.test.ts.
import { connect, createServer, Http2Server } from "node:http2";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { connect as netConnect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { schemaCacheStats, startSchemaCacheProxy } from "./support/schema-cache-proxy";
import { awaitMaking, claimMaking, releaseMaking } from "./support/run-folder";

const CHECK = "/tfplugin5.Provider/PrepareProviderConfig";

/** A gRPC frame of a configuration check: DynamicValue (field 1) with msgpack (field 1) naming the fake's URL. */
function checkRequest(port: number, value = "verdict"): Buffer {
  const url = `http://127.0.0.1:${port}`;
  const msgpack = Buffer.concat([
    Buffer.from([0x82, 0xa3]),
    Buffer.from("url"),
    Buffer.from([0xa0 | url.length]),
    Buffer.from(url),
    Buffer.from([0xa5]),
    Buffer.from(value.padEnd(5).slice(0, 5)),
  ]);
  const dynamic = Buffer.concat([Buffer.from([0x0a, msgpack.length]), msgpack]);
  const message = Buffer.concat([Buffer.from([0x0a, dynamic.length]), dynamic]);
  const frame = Buffer.alloc(5 + message.length);
  frame.writeUInt32BE(message.length, 1);
  message.copy(frame, 5);
  return frame;
}

/** A provider that answers every check with its request (valid, unchanged) after `ms`, and counts them. */
async function standInProvider(ms: number): Promise<{ socket: string; asked: Buffer[]; close(): Promise<void> }> {
  const socket = join(mkdtempSync(join(tmpdir(), "ra-standin-")), "provider.sock");
  const asked: Buffer[] = [];
  const server: Http2Server = createServer();
  server.on("stream", (stream) => {
    const parts: Buffer[] = [];
    stream.on("data", (d: Buffer) => parts.push(d));
    stream.on("end", () => {
      const body = Buffer.concat(parts);
      asked.push(body);
      setTimeout(() => {
        stream.respond({ ":status": 200, "content-type": "application/grpc" }, { waitForTrailers: true });
        stream.on("wantTrailers", () => stream.sendTrailers({ "grpc-status": "0" }));
        stream.end(body);
      }, ms);
    });
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  return { socket, asked, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** One call through the proxy, as terraform makes it: the answer's body and status. */
function call(socket: string, body: Buffer): Promise<{ body: Buffer; status: string }> {
  return new Promise((resolve, reject) => {
    const client = connect("http://localhost", { createConnection: () => netConnect(socket) });
    client.on("error", reject);
    const stream = client.request({ ":method": "POST", ":path": CHECK, "content-type": "application/grpc", te: "trailers" });
    const chunks: Buffer[] = [];
    let status = "";
    stream.on("data", (d: Buffer) => chunks.push(d));
    stream.on("trailers", (t) => void (status = String(t["grpc-status"])));
    stream.on("end", () => {
      client.close();
      resolve({ body: Buffer.concat(chunks), status });
    });
    stream.on("error", reject);
    stream.end(body);
  });
}

describe("the schema cache's configuration checks", () => {
  it("asks the provider once for checks that arrive side by side and differ only in the fake's port; each gets its own request back", async () => {
    const provider = await standInProvider(300);
    // A binary name no other test uses: no verdict of this run answers the first check.
    const proxy = await startSchemaCacheProxy(`/stand-in/${process.pid}/${Date.now()}`, async () => provider.socket);
    try {
      const before = { ...schemaCacheStats };
      const requests = [41001, 41002, 41003].map((port) => checkRequest(port));
      const answers = await Promise.all(requests.map((r) => call(proxy.socket, r)));
      expect(provider.asked).toHaveLength(1);
      expect(answers.map((a) => a.status)).toEqual(["0", "0", "0"]);
      answers.forEach((a, i) => expect(a.body.equals(requests[i])).toBe(true));
      expect([schemaCacheStats.configChecks - before.configChecks, schemaCacheStats.verdicts - before.verdicts]).toEqual([1, 2]);
      // Another value is asked of the provider.
      await call(proxy.socket, checkRequest(41004, "other"));
      expect(provider.asked).toHaveLength(2);
    } finally {
      await proxy.close();
      await provider.close();
    }
  });
});

describe("claims on what a run keeps (run-folder.ts)", () => {
  const file = () => join(mkdtempSync(join(tmpdir(), "ra-claim-")), "kept");

  it("gives the work to one process: a second claim is refused until the first is released", () => {
    const kept = file();
    expect(claimMaking(kept)).toBe(true);
    expect(claimMaking(kept)).toBe(false);
    releaseMaking(kept);
    expect(existsSync(`${kept}.making`)).toBe(false);
    expect(claimMaking(kept)).toBe(true);
  });

  it("waits while another holds the claim, and returns when it is released", async () => {
    const kept = file();
    claimMaking(kept);
    setTimeout(() => {
      writeFileSync(kept, "made");
      releaseMaking(kept);
    }, 300);
    const started = Date.now();
    await awaitMaking(kept);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(existsSync(kept)).toBe(true);
  });

  it("removes a claim held past the wait (a worker that died), so later waits do not wait for it", async () => {
    const kept = file();
    claimMaking(kept);
    await awaitMaking(kept, 200);
    expect(existsSync(`${kept}.making`)).toBe(false);
    expect(claimMaking(kept)).toBe(true);
  });
});
