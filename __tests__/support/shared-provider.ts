// Provider processes kept per test file (per binary and environment) that the terraform commands of
// its stack folders attach to (TF_REATTACH_PROVIDERS), instead of each command starting the 675 MB provider two or three times.
import { ChildProcess, spawn } from "node:child_process";
import { readdirSync, realpathSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SchemaCacheProxy, startSchemaCacheProxy } from "./schema-cache-proxy";

/** Commands that talk to the provider (init and `state list` do not). */
const USES_PROVIDER = new Set(["plan", "apply", "destroy", "show", "refresh", "import", "validate", "console", "test"]);

const ADDRESS = "registry.terraform.io/hashicorp/aws";

interface Started {
  readonly child: ChildProcess;
  readonly reattach: string;
}

const proxies = new Set<SchemaCacheProxy>();

/** The socket a provider started with -debug listens on, from its TF_REATTACH_PROVIDERS line. */
function socketOf(reattach: string): string {
  const entry = (JSON.parse(reattach) as Record<string, { Addr: { Network: string; String: string } }>)[ADDRESS];
  if (entry?.Addr.Network !== "unix") throw new Error(`the AWS provider listens on ${JSON.stringify(entry?.Addr)}, not a unix socket`);
  return entry.Addr.String;
}

/**
 * A proxy with a pool of provider processes behind it (see schema-cache-proxy.ts), and the
 * TF_REATTACH_PROVIDERS value that points terraform at it (Pid: this process, which outlives the
 * commands; terraform never stops an attached provider).
 */
async function providerPool(binary: string, baseEnv: Record<string, string | undefined>): Promise<string> {
  const proxy = await startSchemaCacheProxy(binary, async () => socketOf((await startProvider(binary, baseEnv)).reattach));
  proxies.add(proxy);
  return JSON.stringify({ [ADDRESS]: { Protocol: "grpc", ProtocolVersion: 5, Pid: process.pid, Test: true, Addr: { Network: "unix", String: proxy.socket } } });
}

/** Folders that share, each with its group's name (or none: the pool of its binary and environment). */
const sharing = new Map<string, string | undefined>();
const pools = new Map<string, Promise<string>>();
const children = new Set<ChildProcess>();

/**
 * From now on, terraform commands in `dir` that need the provider attach to a pool of provider
 * processes (one process per provider instance a command opens, so aliases never share one, and a
 * process serves one command at a time; the next command configures it anew). Every folder of this
 * test file with the same provider binary and environment attaches to one pool, so a file starts a
 * provider process only for the most connections open at once, not for each folder (the
 * deploy-lifecycle file had started 26, at about 0.7 s of CPU each). With a `group`, the folders of
 * the group share a pool of their own.
 */
export function shareProvider(dir: string, group?: string): void {
  sharing.set(dir, group);
}

/**
 * The environment that attaches a terraform command in `dir` to its pool, starting it on first use;
 * empty (terraform starts its own) when the folder does not share or the command needs no provider.
 * An attached provider keeps the environment it started with, so the environment is part of the pool's key.
 */
export async function sharedProviderEnv(dir: string, args: readonly string[], baseEnv: Record<string, string | undefined>): Promise<Record<string, string>> {
  if (!sharing.has(dir) || !USES_PROVIDER.has(args[0])) return {};
  const group = sharing.get(dir);
  const binary = realpathSync(installedProvider(dir));
  return { TF_REATTACH_PROVIDERS: await poolFor(group ? `group:${group}` : `${binary}|${JSON.stringify(baseEnv)}`, binary, baseEnv) };
}

function poolFor(key: string, binary: string, env: Record<string, string | undefined>): Promise<string> {
  let pool = pools.get(key);
  if (!pool) {
    pool = providerPool(binary, env);
    pools.set(key, pool);
    // A pool that failed to start is not kept: the next command tries again and reports its own error.
    pool.catch(() => pools.delete(key));
  }
  return pool;
}

/** The provider binary `terraform init` installed in `dir` (the one terraform itself would start). */
function installedProvider(dir: string): string {
  const bin = providerBinaryUnder(join(dir, ".terraform", "providers", ADDRESS));
  if (!bin) throw new Error(`no AWS provider installed in ${dir} (run terraform init first)`);
  return bin;
}

/** The AWS provider binary under `root` (a folder of versions, each of platforms), in the versions given. */
export function providerBinaryUnder(root: string, versions: readonly string[] = readdirSync(root)): string | undefined {
  for (const version of versions) {
    for (const platform of readdirSync(join(root, version))) {
      const bin = readdirSync(join(root, version, platform)).find((f) => f.startsWith("terraform-provider-aws"));
      if (bin) return join(root, version, platform, bin);
    }
  }
  return undefined;
}

/**
 * Starts the provider in debug mode, which prints the TF_REATTACH_PROVIDERS value and then serves
 * until stopped. A shell between us and the provider stops it when its stdin closes, so a test
 * worker that dies (even by kill -9) leaves no provider behind.
 */
function startProvider(binary: string, baseEnv: Record<string, string | undefined>): Promise<Started> {
  const child = spawn("/bin/sh", ["-c", '"$0" -debug </dev/null & pid=$!; cat >/dev/null; kill $pid 2>/dev/null; wait $pid', binary], {
    // A process serves many stack folders: it runs in none of them.
    cwd: tmpdir(),
    env: baseEnv,
    stdio: ["pipe", "pipe", "pipe"],
  });
  children.add(child);
  child.on("close", () => children.delete(child));
  return new Promise((resolve, reject) => {
    let out = "";
    let ready = false;
    const timer = setTimeout(() => fail(new Error(`the AWS provider did not start within 120 s:\n${out}`)), 120_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      void stop(child);
      reject(error);
    };
    child.stderr?.resume();
    child.stdout?.on("data", (d) => {
      if (ready) return;
      out += d;
      const reattach = /TF_REATTACH_PROVIDERS='([^']+)'/.exec(out)?.[1];
      if (reattach) {
        ready = true;
        clearTimeout(timer);
        resolve({ child, reattach });
      }
    });
    child.on("error", fail);
    child.on("close", (code) => fail(new Error(`the AWS provider exited (${code}) before it was ready:\n${out}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.on("close", () => resolve());
    child.stdin?.end();
  });
}

/**
 * A provider process (behind the schema cache) for terraform runs this file does not start itself
 * (cdktf's, a README line's): the TF_REATTACH_PROVIDERS value to give them. Stopped with the others.
 */
export function providerToAttach(binary: string, env: Record<string, string | undefined>): Promise<string> {
  const real = realpathSync(binary);
  return poolFor(`${real}|${JSON.stringify(env)}`, real, env);
}

/** Stops every shared provider (registered after all tests of a file that uses them). */
export async function stopSharedProviders(): Promise<void> {
  await Promise.all([...proxies].map((p) => p.close()));
  proxies.clear();
  await Promise.all([...children].map(stop));
  pools.clear();
  sharing.clear();
}

if (typeof afterAll === "function") afterAll(stopSharedProviders);
