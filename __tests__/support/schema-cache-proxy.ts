// A gRPC proxy between terraform and a pool of AWS provider processes that answers the schema calls
// from memory after their first answer. Every terraform command asks the provider for its whole
// schema (GetSchema: about 1,500 resources), and the AWS provider builds it anew each time: about
// 4 s of CPU per command, most of what a command against the local fake costs. The schema is a pure
// function of the provider binary, so the first answer serves every command of the test run (kept in its temporary folder).
// Terraform is sent only the types our stacks use (provider-schema.ts): decoding the whole schema
// cost terraform itself another 1.3 s per command.
// Everything else (configure, plan, apply, streams) is forwarded unchanged, frame by frame.
import { ClientHttp2Session, connect, constants, createServer, Http2Server, IncomingHttpHeaders, OutgoingHttpHeaders, ServerHttp2Stream } from "node:http2";
import { mkdtempSync, rmSync } from "node:fs";
import { connect as netConnect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CONFIG_CHECKS, configCheckKey, trimProviderAnswer, trimsAnswerTo } from "./provider-schema";
import { awaitMaking, claimMaking, keptPath, readKept, releaseMaking, writeWhole } from "./run-folder";

/**
 * Calls whose answer depends only on the provider binary and the request (part of the key): the
 * schema, the validation of a provider configuration (PrepareProviderConfig: checking a
 * sandbox configuration's `endpoints` block costs the provider about 4 s of CPU, though it changes
 * nothing; its verdicts are also kept for the whole run, below), and the validation of a resource's
 * or data source's configuration, which terraform asks of a provider before configuring it (so no
 * configuration, state or AWS call can change the answer), for every resource in every command:
 * 353 calls in the terraform files' first run, most of them repeats.
 */
const CACHEABLE = new Set([
  "/tfplugin5.Provider/GetSchema",
  "/tfplugin5.Provider/PrepareProviderConfig",
  "/tfplugin6.Provider/ValidateProviderConfig",
  "/tfplugin5.Provider/ValidateResourceTypeConfig",
  "/tfplugin5.Provider/ValidateDataSourceConfig",
  "/tfplugin6.Provider/ValidateResourceConfig",
  "/tfplugin6.Provider/ValidateDataResourceConfig",
  "/tfplugin5.Provider/GetMetadata",
  "/tfplugin5.Provider/GetResourceIdentitySchemas",
  "/tfplugin5.Provider/GetFunctions",
  "/tfplugin6.Provider/GetProviderSchema",
  "/tfplugin6.Provider/GetMetadata",
  "/tfplugin6.Provider/GetResourceIdentitySchemas",
  "/tfplugin6.Provider/GetFunctions",
]);

interface Answer {
  readonly headers: OutgoingHttpHeaders;
  readonly body: Buffer;
  readonly trailers: OutgoingHttpHeaders;
}

/** Answers per provider binary and call (path + request bytes), for every proxy of this test file. */
const answers = new Map<string, Promise<Answer>>();

/** Forgets this file's answers in memory, as a new test file starts (for the test that shows what the run's folder keeps). */
export function forgetAnswersInMemory(): void {
  answers.clear();
}

/** An answer with status OK (the only kind kept). */
const succeeded = (a: Answer) => a.headers["grpc-status"] === undefined && String(a.trailers["grpc-status"]) === "0";
/**
 * How many of the calls kept (CACHEABLE) were answered from memory (hits) or asked of a provider (misses), how many
 * other calls were passed on to one (forwarded), how many configuration checks the provider
 * answered and how many were answered from its verdicts, how many provider processes were started, and
 * each trimmed answer as the provider sent it (for the tests that show what the proxy does).
 */
export const schemaCacheStats = { hits: 0, misses: 0, forwarded: 0, configChecks: 0, verdicts: 0, processes: 0, untrimmed: new Map<string, Buffer>() };

/**
 * The provider's "valid, nothing to change" verdicts on provider configurations, kept for the whole
 * test run (in its temporary folder, shared by the jest workers): a configuration check the
 * provider answered with its own request (no diagnostics, the configuration unchanged) is
 * answered the same way for a request that differs from it in the local fake's port only (see
 * configCheckKey). An answer with diagnostics is never kept: the next request asks the provider.
 */
const verdictFile = (binary: string, key: string) => keptPath("provider-verdicts", binary, key);

type Verdict = Pick<Answer, "headers" | "trailers">;

function knownVerdict(binary: string, key: string): Verdict | undefined {
  const kept = readKept(verdictFile(binary, key));
  return kept && JSON.parse(kept.toString("utf8"));
}

/**
 * Configuration checks this process is asking a provider now, by verdict file: the verdict each
 * will give (undefined if its answer is no verdict). Checks of configurations that differ only in
 * a loopback port arrive side by side (the stories of a file run at once, each with its fake): the
 * first asks the provider, the others wait for its verdict. Each check cost about 4 s of CPU.
 */
const asking = new Map<string, Promise<Verdict | undefined>>();

/** The verdict for `key`: kept, being asked in this process, or being asked by another worker of the run (awaited). */
async function awaitedVerdict(binary: string, key: string): Promise<Verdict | undefined> {
  const file = verdictFile(binary, key);
  const inProcess = await asking.get(file);
  if (inProcess) return inProcess;
  await awaitMaking(file);
  return knownVerdict(binary, key);
}

/** The answer as terraform gets it: a schema or metadata answer with only our types (provider-schema.ts), kept whole for the tests that compare. */
function trimmed(path: string, answer: Answer): Answer {
  if (!trimsAnswerTo(path)) return answer;
  schemaCacheStats.untrimmed.set(path, answer.body);
  return { ...answer, body: trimProviderAnswer(path, answer.body) };
}

/**
 * The schema calls' answers (every CACHEABLE call but the configuration checks, which keep only
 * verdicts) are kept for the whole run too, as the provider sent them: each test file that runs
 * terraform asked for the 4.9 MB schema again (about 0.7 CPU-seconds of the provider's), and a
 * file whose commands need nothing else (terraform test with a mocked provider) starts no provider.
 */
const answerFile = (binary: string, path: string, body: Buffer) => keptPath("provider-answers", binary, path, body);

function keptAnswer(binary: string, path: string, body: Buffer): Answer | undefined {
  const file = answerFile(binary, path, body);
  const meta = readKept(`${file}.json`);
  const kept = meta && readKept(`${file}.body`);
  return kept && trimmed(path, { ...JSON.parse(meta.toString("utf8")), body: kept });
}

function keepAnswer(binary: string, path: string, body: Buffer, answer: Answer): void {
  if (CONFIG_CHECKS.has(path)) return;
  const file = answerFile(binary, path, body);
  // The body first, then its headers: a reader that finds the headers finds the whole body.
  writeWhole(`${file}.body`, answer.body);
  writeWhole(`${file}.json`, JSON.stringify({ headers: answer.headers, trailers: answer.trailers }));
}

function keepVerdict(binary: string, key: string, answer: Answer): void {
  writeWhole(verdictFile(binary, key), JSON.stringify({ headers: answer.headers, trailers: answer.trailers }));
}

/** Request headers to pass on: the pseudo-headers node sets itself are dropped. */
function forwardable(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(headers)) if (k !== ":authority" && k !== ":scheme" && v !== undefined) out[k] = v;
  return out;
}

function plain(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined)) as OutgoingHttpHeaders;
}

export interface SchemaCacheProxy {
  /** The unix socket terraform attaches to. */
  readonly socket: string;
  close(): Promise<void>;
}

interface Upstream {
  readonly client: ClientHttp2Session;
}

/** The call that configures a provider instance: from it on, a connection has a process of its own. */
const CONFIGURES = new Set(["/tfplugin5.Provider/Configure", "/tfplugin6.Provider/ConfigureProvider"]);
/**
 * go-plugin's own streams, which terraform opens on every connection: the provider's stdout and
 * stderr (this file reads those from the process itself) and the broker, which the AWS provider
 * never uses. The proxy holds them open and sends nothing, so a connection that only asks for the
 * schema takes no process.
 */
const HELD = new Set(["/plugin.GRPCStdio/StreamStdio", "/plugin.GRPCBroker/StartStream"]);

/**
 * Starts a proxy on a fresh unix socket in front of a pool of provider processes. Terraform opens
 * one connection per provider instance (the schema's, one per provider configuration to validate,
 * and one per configuration to plan or apply, aliases included). A connection that configures its
 * instance gets a process of its own while it lasts, started by `startUpstream` (which returns its
 * socket) or taken back from an earlier command: two configurations never share a process (one
 * process holds one configuration). Calls made before any configuration (validation, the
 * provider's schema) depend on no configuration and all go to one more process, side by side.
 */
export async function startSchemaCacheProxy(binary: string, startUpstream: () => Promise<string>): Promise<SchemaCacheProxy> {
  const dir = mkdtempSync(join(tmpdir(), "ra-tfproxy-"));
  const socket = join(dir, "provider.sock");
  const free: Upstream[] = [];
  const all: Upstream[] = [];
  const start = async (): Promise<Upstream> => {
    const target = await startUpstream();
    schemaCacheStats.processes += 1;
    const client = connect("http://localhost", { createConnection: () => netConnect(target) });
    client.on("error", () => undefined);
    const upstream = { client };
    all.push(upstream);
    return upstream;
  };
  const acquire = async (): Promise<Upstream> => {
    const reused = free.pop();
    if (reused && !reused.client.closed && !reused.client.destroyed) return reused;
    return start();
  };
  let unconfigured: Promise<Upstream> | undefined;
  const configured = new WeakMap<object, Promise<Upstream>>();
  const upstreamOf = (session: object, path: string): Promise<Upstream> => {
    let u = configured.get(session);
    if (u) return u;
    if (CONFIGURES.has(path)) {
      configured.set(session, (u = acquire()));
      return u;
    }
    if (!unconfigured) {
      unconfigured = start();
      unconfigured.catch(() => (unconfigured = undefined));
    }
    return unconfigured;
  };

  const forward = async (stream: ServerHttp2Stream, headers: IncomingHttpHeaders) => {
    schemaCacheStats.forwarded += 1;
    const upstream = await upstreamOf(stream.session!, String(headers[":path"]));
    if (stream.destroyed) return;
    const call = upstream.client.request(forwardable(headers));
    call.on("error", () => undefined);
    stream.pipe(call);
    let trailers: OutgoingHttpHeaders = {};
    let trailersOnly = false;
    call.on("response", (h) => {
      // A trailers-only answer (an error status in the headers): passed on as it came.
      trailersOnly = h["grpc-status"] !== undefined;
      if (stream.destroyed) return;
      if (trailersOnly) stream.respond(plain(h), { endStream: true });
      else stream.respond(plain(h), { waitForTrailers: true });
    });
    call.on("data", (d: Buffer) => {
      if (!stream.destroyed) stream.write(d);
    });
    call.on("trailers", (t) => void (trailers = plain(t)));
    stream.on("wantTrailers", () => stream.sendTrailers(trailers));
    call.on("end", () => {
      if (!trailersOnly && !stream.destroyed) stream.end();
    });
    call.on("error", () => {
      if (!stream.destroyed) stream.close(constants.NGHTTP2_INTERNAL_ERROR);
    });
    stream.on("close", () => {
      if (!call.closed) call.close(constants.NGHTTP2_CANCEL);
    });
  };

  /** A unary call's whole answer from the provider (a trailers-only answer carries its status in its headers). */
  const ask = async (session: object, headers: IncomingHttpHeaders, body: Buffer): Promise<Answer> => {
    const upstream = await upstreamOf(session, String(headers[":path"]));
    return new Promise((resolve, reject) => {
      const call = upstream.client.request(forwardable(headers));
      const chunks: Buffer[] = [];
      let answerHeaders: OutgoingHttpHeaders = {};
      let trailers: OutgoingHttpHeaders = {};
      call.on("response", (h) => void (answerHeaders = plain(h)));
      call.on("data", (d: Buffer) => chunks.push(d));
      call.on("trailers", (t) => void (trailers = plain(t)));
      call.on("end", () => resolve({ headers: answerHeaders, body: Buffer.concat(chunks), trailers }));
      call.on("error", reject);
      call.end(body);
    });
  };

  /** The provider's answer, with only our types in a schema or metadata answer (provider-schema.ts). */
  const remembered = async (session: object, path: string, headers: IncomingHttpHeaders, body: Buffer): Promise<Answer> => {
    const answer = await ask(session, headers, body);
    if (!succeeded(answer)) return answer;
    keepAnswer(binary, path, body, answer);
    return trimmed(path, answer);
  };

  /**
   * An answer the run keeps (the schema, metadata): asked of the provider here, or, while another
   * worker of the run is asking for it (the files that start first all ask at once), awaited from it.
   */
  const fromRun = async (session: object, path: string, headers: IncomingHttpHeaders, body: Buffer): Promise<Answer> => {
    const file = answerFile(binary, path, body);
    const claimed = claimMaking(file);
    if (!claimed) {
      await awaitMaking(file);
      const made = keptAnswer(binary, path, body);
      if (made) {
        schemaCacheStats.hits += 1;
        return made;
      }
    }
    schemaCacheStats.misses += 1;
    try {
      return await remembered(session, path, headers, body);
    } finally {
      if (claimed) releaseMaking(file);
    }
  };

  /**
   * A configuration check: answered from a verdict (kept, or being asked in this process or another
   * worker of the run) with the request itself, or else asked of the provider, whose answer becomes
   * the verdict when it is the request unchanged (valid, nothing to change).
   */
  const checked = async (session: object, path: string, headers: IncomingHttpHeaders, body: Buffer, key: string, checkKey: string): Promise<Answer> => {
    const file = verdictFile(binary, checkKey);
    let verdict = knownVerdict(binary, checkKey);
    let claimed = false;
    if (!verdict) {
      if (!asking.has(file) && claimMaking(file)) claimed = true;
      else verdict = await awaitedVerdict(binary, checkKey);
    }
    if (verdict) {
      schemaCacheStats.verdicts += 1;
      return { ...verdict, body };
    }
    schemaCacheStats.misses += 1;
    schemaCacheStats.configChecks += 1;
    const answer = remembered(session, path, headers, body);
    answers.set(key, answer);
    const verdictToBe = answer.then(
      (a) => (succeeded(a) && a.body.equals(body) ? { headers: a.headers, trailers: a.trailers } : undefined),
      () => undefined,
    );
    if (claimed) asking.set(file, verdictToBe);
    verdict = await verdictToBe;
    if (verdict) keepVerdict(binary, checkKey, { ...verdict, body });
    else answers.delete(key);
    if (claimed) {
      asking.delete(file);
      releaseMaking(file);
    }
    return answer;
  };

  const server: Http2Server = createServer();
  // A connection's process goes back to the pool when terraform closes it.
  server.on("session", (session) =>
    session.on(
      "close",
      () =>
        void configured.get(session)?.then(
          (u) => free.push(u),
          () => undefined,
        ),
    ),
  );
  server.on("stream", (stream, headers) => {
    // Terraform hangs up on its long-lived streams when it exits.
    stream.on("error", () => undefined);
    const path = String(headers[":path"]);
    const fail = () => !stream.destroyed && stream.close(constants.NGHTTP2_INTERNAL_ERROR);
    if (HELD.has(path)) return void stream.respond({ ":status": 200, "content-type": "application/grpc" });
    if (!CACHEABLE.has(path)) return void forward(stream, headers).catch(fail);
    // A unary call: the whole request, then the answer from memory or from the provider (asked once
    // for commands asking side by side; a failed answer is not kept, so the next command asks again).
    const parts: Buffer[] = [];
    stream.on("data", (d: Buffer) => parts.push(d));
    stream.on("end", () => {
      const body = Buffer.concat(parts);
      const key = `${binary}|${path}|${body.toString("base64")}`;
      const checkKey = configCheckKey(path, body);
      let known = answers.get(key);
      let kept: Answer | undefined;
      if (known) schemaCacheStats.hits += 1;
      else if (checkKey !== undefined) known = checked(stream.session!, path, headers, body, key, checkKey);
      else if ((kept = keptAnswer(binary, path, body))) {
        schemaCacheStats.hits += 1;
        known = Promise.resolve(kept);
        answers.set(key, known);
      } else {
        known = fromRun(stream.session!, path, headers, body);
        answers.set(key, known);
        known.then(
          (a) => void (succeeded(a) || answers.delete(key)),
          () => answers.delete(key),
        );
      }
      known.then((answer) => {
        if (stream.destroyed) return;
        // An error status in the headers (trailers-only): passed on as it came.
        if (answer.headers["grpc-status"] !== undefined) return stream.respond(answer.headers, { endStream: true });
        stream.respond(answer.headers, { waitForTrailers: true });
        stream.on("wantTrailers", () => stream.sendTrailers(answer.trailers));
        stream.end(answer.body);
      }, fail);
    });
  });
  server.on("sessionError", () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(socket, () => resolve());
  });
  return {
    socket,
    close: async () => {
      for (const u of all) u.client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
