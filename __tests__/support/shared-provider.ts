// One AWS provider process per stack folder that every terraform command run there attaches to
// (TF_REATTACH_PROVIDERS), instead of each command starting the 675 MB provider two or three times.
import { ChildProcess, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
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

/**
 * The reattach value pointing terraform at a schema-caching proxy in front of the provider's
 * socket (see schema-cache-proxy.ts); unchanged when the provider listens elsewhere than a unix socket.
 */
async function throughProxy(reattach: string, binary: string): Promise<string> {
  const config = JSON.parse(reattach) as Record<string, { Addr: { Network: string; String: string } }>;
  const entry = config[ADDRESS];
  if (entry?.Addr.Network !== "unix") return reattach;
  const proxy = await startSchemaCacheProxy(entry.Addr.String, binary);
  proxies.add(proxy);
  return JSON.stringify({ ...config, [ADDRESS]: { ...entry, Addr: { Network: "unix", String: proxy.socket } } });
}

/** Folders that share, each with the key of its provider process: its own path, or a group's name. */
const sharing = new Map<string, { key: string; configures: boolean }>();
const started = new Map<string, Promise<Started>>();
const children = new Set<ChildProcess>();

/**
 * From now on, terraform commands in `dir` that need the provider attach to one process started
 * for it. With a `group`, every folder of the group attaches to one process, even side by side:
 * only for commands that never configure the provider (`validate`, `terraform test` with
 * `mock_provider`), as one process holds one provider configuration.
 */
export function shareProvider(dir: string, group?: string): void {
  sharing.set(dir, group ? { key: `group:${group}`, configures: false } : { key: dir, configures: true });
}

/**
 * The environment that attaches a terraform command in `dir` to its shared provider, starting it
 * on first use; empty (terraform starts its own) when the folder does not share, the command needs
 * no provider, or the stack configures the provider more than once: an alias would overwrite the
 * default provider's configuration in the one process.
 */
export async function sharedProviderEnv(dir: string, args: readonly string[], baseEnv: Record<string, string | undefined>): Promise<Record<string, string>> {
  const share = sharing.get(dir);
  if (!share || !USES_PROVIDER.has(args[0])) return {};
  if (share.configures && providerConfigurations(dir) > 1) return {};
  let provider = started.get(share.key);
  if (!provider) {
    provider = start(dir, baseEnv);
    started.set(share.key, provider);
  }
  return { TF_REATTACH_PROVIDERS: (await provider).reattach };
}

/** How many `provider "aws"` blocks the folder's synthesized stack has. */
function providerConfigurations(dir: string): number {
  const file = join(dir, "cdk.tf.json");
  if (!existsSync(file)) return 0;
  const json = JSON.parse(readFileSync(file, "utf8")) as { provider?: { aws?: unknown[] } };
  return json.provider?.aws?.length ?? 0;
}

/** The provider binary `terraform init` installed in `dir` (the one terraform itself would start). */
function installedProvider(dir: string): string {
  const root = join(dir, ".terraform", "providers", ADDRESS);
  for (const version of readdirSync(root)) {
    for (const platform of readdirSync(join(root, version))) {
      const folder = join(root, version, platform);
      const bin = readdirSync(folder).find((f) => f.startsWith("terraform-provider-aws"));
      if (bin) return join(folder, bin);
    }
  }
  throw new Error(`no AWS provider installed in ${dir} (run terraform init first)`);
}

/**
 * Starts the provider in debug mode, which prints the TF_REATTACH_PROVIDERS value and then serves
 * until stopped. A shell between us and the provider stops it when its stdin closes, so a test
 * worker that dies (even by kill -9) leaves no provider behind.
 */
async function start(dir: string, baseEnv: Record<string, string | undefined>): Promise<Started> {
  const binary = installedProvider(dir);
  const started = await startProvider(dir, binary, baseEnv);
  return { child: started.child, reattach: await throughProxy(started.reattach, binary) };
}

function startProvider(dir: string, binary: string, baseEnv: Record<string, string | undefined>): Promise<Started> {
  const child = spawn("/bin/sh", ["-c", '"$0" -debug </dev/null & pid=$!; cat >/dev/null; kill $pid 2>/dev/null; wait $pid', binary], {
    cwd: dir,
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
 * (cdktf's, a README line's): the TF_REATTACH_PROVIDERS value to give them. Only for stacks with
 * one AWS provider configuration (see sharedProviderEnv). Stopped with the others.
 */
export async function providerToAttach(binary: string, env: Record<string, string | undefined>): Promise<string> {
  const started = await startProvider(tmpdir(), binary, env);
  return throughProxy(started.reattach, binary);
}

/** Stops every shared provider (registered after all tests of a file that uses them). */
export async function stopSharedProviders(): Promise<void> {
  await Promise.all([...proxies].map((p) => p.close()));
  proxies.clear();
  await Promise.all([...children].map(stop));
  started.clear();
  sharing.clear();
}

if (typeof afterAll === "function") afterAll(stopSharedProviders);
