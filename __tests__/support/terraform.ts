// Runs the real terraform binary offline against a local mirror of the AWS provider (README, "Tests").
// Where terraform or the mirror is missing, tests using this skip and say why in their title.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { copyInit, InitCopy, initCopyOf, initStats, requirementsKey } from "./init-copy";
import { collect, ProcessResult } from "./process";
import { keptPath, readKept, writeWhole } from "./run-folder";
import { providerBinaryUnder, shareProvider, sharedProviderEnv } from "./shared-provider";

export type TerraformAvailability = { available: true; bin: string; mirror: string; providerVersion: string } | { available: false; reason: string };

const MIRROR_CANDIDATES = [
  process.env.ROOT_ACCESS_TF_MIRROR,
  "/opt/tf-plugins",
  "/usr/local/share/terraform/plugins",
  "/usr/share/terraform/plugins",
  join(homedir(), ".terraform.d", "plugins"),
  join(homedir(), ".local", "share", "terraform", "plugins"),
];

function detect(): TerraformAvailability {
  if (process.env.ROOT_ACCESS_SKIP_TERRAFORM) return { available: false, reason: "ROOT_ACCESS_SKIP_TERRAFORM is set (npm run test:fast)" };
  const bin = (process.env.PATH ?? "")
    .split(delimiter)
    .map((dir) => join(dir, "terraform"))
    .find((file) => existsSync(file));
  if (!bin) return { available: false, reason: "no terraform binary on PATH" };
  for (const mirror of MIRROR_CANDIDATES) {
    if (!mirror) continue;
    const versions = join(mirror, "registry.terraform.io", "hashicorp", "aws");
    if (existsSync(versions)) {
      const providerVersion = readdirSync(versions).sort().pop();
      if (providerVersion) return { available: true, bin, mirror, providerVersion };
    }
  }
  return { available: false, reason: "no local mirror of hashicorp/aws (set ROOT_ACCESS_TF_MIRROR to the folder above registry.terraform.io)" };
}

export const terraform = detect();

/** The AWS provider binary in the mirror (what init installs). */
export function mirroredProvider(): string {
  if (!terraform.available) throw new Error("terraform is not available");
  const root = join(terraform.mirror, "registry.terraform.io", "hashicorp", "aws");
  const bin = providerBinaryUnder(root, [terraform.providerVersion]);
  if (!bin) throw new Error(`no AWS provider binary under ${join(root, terraform.providerVersion)}`);
  return bin;
}

/** `describe` that runs only where terraform and the provider mirror exist; the title says why not. */
export function describeWithTerraform(name: string, fn: () => void): void {
  if (terraform.available) describe(name, fn);
  else describe.skip(`${name} (skipped: ${terraform.reason})`, fn);
}

let cliConfig: string | undefined;
let wrapperMirror: string | undefined;

/**
 * The mirror the tests install from: the real mirror's layout, with each provider binary replaced
 * by a two-line script that execs it. Terraform hashes the provider package it installs, in init
 * and again before every command that uses providers (to check it against the lock file): for the
 * 675 MB AWS provider that was about 0.7 CPU-seconds per command. The script is what it hashes
 * now; the provider that runs is the real one, unchanged. Made once per test run, in its temporary
 * folder (built aside, then renamed: a worker that loses the race uses the other's). The README's
 * offline lines and examples/terraform-offline.tfrc keep using the real mirror (their tests say so).
 */
export function testMirror(): string {
  if (!terraform.available) throw new Error("terraform is not available");
  if (wrapperMirror) return wrapperMirror;
  const target = join(tmpdir(), `ra-tf-mirror-${createHash("sha256").update(terraform.mirror).digest("hex").slice(0, 12)}`);
  if (!existsSync(target)) {
    const building = mkdtempSync(`${target}.`);
    const copy = (rel: string) => {
      for (const name of readdirSync(join(terraform.mirror, rel))) {
        const from = join(terraform.mirror, rel, name);
        const to = join(building, rel, name);
        if (statSync(from).isDirectory()) {
          mkdirSync(to);
          copy(join(rel, name));
        } else if (name.startsWith("terraform-provider-")) {
          writeFileSync(to, `#!/bin/sh\nexec ${JSON.stringify(realpathSync(from))} "$@"\n`, { mode: 0o755 });
        } else symlinkSync(from, to);
      }
    };
    mkdirSync(join(building, "registry.terraform.io", "hashicorp", "aws"), { recursive: true });
    copy(join("registry.terraform.io", "hashicorp", "aws"));
    try {
      renameSync(building, target);
    } catch {
      rmSync(building, { recursive: true, force: true });
    }
  }
  return (wrapperMirror = target);
}

/** The provider binary of the test mirror (the script that execs the mirror's binary): what shared folders' pools start. */
export function testMirrorProvider(): string {
  if (!terraform.available) throw new Error("terraform is not available");
  const bin = providerBinaryUnder(join(testMirror(), "registry.terraform.io", "hashicorp", "aws"), [terraform.providerVersion]);
  if (!bin) throw new Error(`no AWS provider under ${testMirror()}`);
  return bin;
}

/**
 * A CLI config that installs hashicorp/aws only from the test mirror (nothing is downloaded). No
 * plugin_cache_dir: from an unpacked mirror, init links the provider folder itself (nothing
 * copied), and a cache shared by concurrent inits is what made earlier runs flaky ("failed to
 * create directory .../plugin-cache/...: file exists", "no package ... cached in .terraform/providers").
 */
function cliConfigFile(): string {
  if (!terraform.available) throw new Error("terraform is not available");
  if (cliConfig) return cliConfig;
  const dir = mkdtempSync(join(tmpdir(), "ra-tfrc-"));
  cliConfig = join(dir, "terraform.rc");
  writeFileSync(
    cliConfig,
    [
      "provider_installation {",
      "  filesystem_mirror {",
      `    path    = ${JSON.stringify(testMirror())}`,
      '    include = ["registry.terraform.io/hashicorp/aws"]',
      "  }",
      "}",
      "",
    ].join("\n"),
  );
  return cliConfig;
}

export type TerraformResult = ProcessResult;

/** PATH, HOME and TMPDIR (the run's temporary folder: global-setup.ts) as this process started: runCli swaps process.env while a concurrent story may start terraform. */
export const OWN_ENV = { PATH: process.env.PATH, HOME: process.env.HOME, ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}) };

/** The group of folders whose commands (validate, tests with a mocked provider) share one unconfigured provider. */
export const UNCONFIGURED = "unconfigured";

/** Runs terraform in `dir` with the mirror-only CLI config and no color. */
export async function runTerraform(dir: string, args: string[], env: Record<string, string> = {}): Promise<TerraformResult> {
  if (!terraform.available) throw new Error("terraform is not available");
  const base = {
    ...OWN_ENV,
    TF_CLI_CONFIG_FILE: cliConfigFile(),
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
    CHECKPOINT_DISABLE: "1",
    // Terraform starts the AWS provider (a large Go program) two or three times per command, and
    // its start-up is largely garbage collection. Collecting less often cut the suite's CPU time
    // by about a fifth (npm test 144 s -> 117 s on 2 cores; 800 saved user time but added as much
    // system time); GOGC=off cut user time more but
    // doubled system time (650 MB of fresh pages per provider process).
    GOGC: "400",
    ...env,
  };
  // A folder marked with shareProvider (the deploy stories) runs its commands against one provider process.
  const child = spawn(terraform.bin, args, { cwd: dir, env: { ...base, ...(await sharedProviderEnv(dir, args, base)) } });
  return collect(child);
}

/** Per provider requirements (requirementsKey), terraform and mirror: the first init of this test file with them, its result and what it wrote. */
const inits = new Map<string, Promise<{ result: TerraformResult; copy?: InitCopy }>>();

/**
 * `terraform init` in `dir`: links the mirrored provider; safe to run side by side (nothing shared
 * is written). With -backend=false in a folder whose only dependencies are providers, and whose
 * requirements an earlier init of this test run had (this file's, or another's: kept in the run's
 * temporary folder), the folder gets a copy of what that init wrote, and its result
 * (init-copy.ts): the same files, without hashing the provider again.
 */
export async function terraformInit(dir: string, args: string[] = []): Promise<TerraformResult> {
  const run = async () => {
    initStats.runs += 1;
    const result = await runTerraform(dir, ["init", "-input=false", "-no-color", ...args]);
    return { result, copy: result.code === 0 ? initCopyOf(dir) : undefined };
  };
  const requirements = args.length === 1 && args[0] === "-backend=false" ? requirementsKey(dir) : undefined;
  if (requirements === undefined || !terraform.available) return (await run()).result;
  const key = JSON.stringify({ requirements, bin: terraform.bin, mirror: testMirror() });
  let earlier = inits.get(key);
  if (!earlier) {
    const kept = keptInit(key);
    earlier = kept ? Promise.resolve(kept) : undefined;
  }
  if (!earlier) {
    const first = run();
    inits.set(key, first);
    const { result, copy } = await first;
    if (copy) keepInit(key, { result, copy });
    return result;
  }
  const { result, copy } = await earlier;
  if (!copy) return (await run()).result;
  copyInit(copy, dir);
  initStats.copies += 1;
  return result;
}

/** Inits kept for the whole test run (in its temporary folder, shared by the jest workers), by key. */
const keptFile = (key: string) => keptPath("tf-inits", key);

function keptInit(key: string): { result: TerraformResult; copy: InitCopy } | undefined {
  const text = readKept(keptFile(key));
  if (!text) return undefined;
  const kept = JSON.parse(text.toString("utf8"));
  return { result: kept.result, copy: { entries: kept.entries, lockFile: Buffer.from(kept.lockFile, "base64") } };
}

function keepInit(key: string, { result, copy }: { result: TerraformResult; copy: InitCopy }): void {
  writeWhole(keptFile(key), JSON.stringify({ result, entries: copy.entries, lockFile: copy.lockFile.toString("base64") }));
}

/** Writes a synthesized stack (and any extra files) into a fresh folder and runs `terraform init -backend=false`. */
export async function initStack(stackJson: unknown, files: Record<string, string> = {}): Promise<{ dir: string; init: TerraformResult }> {
  const dir = mkdtempSync(join(tmpdir(), "ra-tf-"));
  writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(stackJson, null, 2));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const init = await terraformInit(dir, ["-backend=false"]);
  return { dir, init };
}

export interface ValidateDiagnostic {
  severity: string;
  summary: string;
  detail?: string;
}

/** Writes a terraform test file next to a synthesized stack and runs it with a mocked AWS provider. */
export async function terraformTest(json: unknown, tests: string) {
  const { dir, init } = await initStack(json, { "stack.tftest.hcl": `mock_provider "aws" {}\n\n${tests}` });
  if (init.code !== 0) throw new Error(`terraform init failed:\n${init.stdout}${init.stderr}`);
  // A mocked provider is never configured: the real one only describes its schema.
  shareProvider(dir, UNCONFIGURED);
  return runTerraform(dir, ["test", "-no-color"]);
}

/** Terraform's output with its line wrapping and box drawing folded into single spaces. */
export function flat(result: { stdout: string; stderr: string }): string {
  return (result.stdout + result.stderr).replace(/[│\s]+/g, " ");
}

interface DiagnosticWithRange extends ValidateDiagnostic {
  range?: { filename?: string };
}

interface ModuleStack {
  /** The file the stack is written to (cdk.tf.json, or cdk.tf for HCL). */
  readonly file: string;
  /** The stack as a child module reads it. */
  readonly text: string;
  /** Validated on its own, as a root module (a stack with `import` blocks: they are only allowed there). */
  readonly alone?: string;
}

/**
 * `terraform validate` on many stacks with one init and one provider: the stacks become child
 * modules of one root (validate checks every module), and each diagnostic goes back to its stack
 * by file. `ignore` drops a diagnostic that only the child-module setting causes.
 */
async function validateAsModules(
  stacks: Record<string, ModuleStack>,
  ignore: (d: DiagnosticWithRange) => boolean = () => false,
): Promise<Record<string, ValidateDiagnostic[]>> {
  const root = mkdtempSync(join(tmpdir(), "ra-tf-modules-"));
  const results: Record<string, ValidateDiagnostic[]> = {};
  const modules: string[] = [];
  const inModules: string[] = [];
  const alone: Promise<void>[] = [];
  Object.entries(stacks).forEach(([name, stack], i) => {
    if (stack.alone !== undefined) {
      alone.push(validateText(stack.file, stack.alone).then((diagnostics) => void (results[name] = diagnostics)));
      return;
    }
    const dir = join(root, `stack${i}`);
    mkdirSync(dir);
    writeFileSync(join(dir, stack.file), stack.text);
    modules.push(`module "stack${i}" {\n  source = "./stack${i}"\n}\n`);
    inModules.push(name);
    results[name] = [];
  });
  if (inModules.length > 0) {
    writeFileSync(join(root, "main.tf"), modules.join("\n"));
    const init = await terraformInit(root, ["-backend=false"]);
    // A stack terraform cannot parse fails init for all of them: its message names its file.
    if (init.code !== 0) for (const name of inModules) results[name].push({ severity: "error", summary: `init: ${init.stderr}` });
    else {
      shareProvider(root, UNCONFIGURED);
      const out = JSON.parse((await runTerraform(root, ["validate", "-json", "-no-color"])).stdout) as { diagnostics: DiagnosticWithRange[] };
      const names = Object.keys(stacks);
      for (const d of out.diagnostics) {
        if (ignore(d)) continue;
        const index = /^stack(\d+)\//.exec(d.range?.filename ?? "")?.[1];
        // A diagnostic that names no stack counts against every stack validated together.
        for (const owner of index === undefined ? inModules : [names[Number(index)]]) {
          results[owner].push({ severity: d.severity, summary: d.summary, detail: d.detail });
        }
      }
    }
  }
  await Promise.all(alone);
  return results;
}

/** One stack validated as a root module; an init failure is its diagnostic. */
async function validateText(file: string, text: string): Promise<ValidateDiagnostic[]> {
  const dir = mkdtempSync(join(tmpdir(), "ra-tf-"));
  writeFileSync(join(dir, file), text);
  const init = await terraformInit(dir, ["-backend=false"]);
  if (init.code !== 0) return [{ severity: "error", summary: `init: ${init.stderr}` }];
  shareProvider(dir, UNCONFIGURED);
  return (JSON.parse((await runTerraform(dir, ["validate", "-json", "-no-color"])).stdout) as { diagnostics: ValidateDiagnostic[] }).diagnostics;
}

/** `terraform validate` on many synthesized stacks (JSON) with one provider start; see validateAsModules. */
export async function validateStacks(stacks: Record<string, unknown>): Promise<Record<string, ValidateDiagnostic[]>> {
  return validateAsModules(
    Object.fromEntries(
      Object.entries(stacks).map(([name, json]) => {
        // A backend in a child module is ignored with a warning; validation after init -backend=false skips it in a root too.
        const { backend: _backend, ...terraformBlock } = (json as { terraform: Record<string, unknown> }).terraform;
        const text = JSON.stringify({ ...(json as object), terraform: terraformBlock }, null, 2);
        return [name, { file: "cdk.tf.json", text, alone: (json as { import?: unknown }).import ? JSON.stringify(json, null, 2) : undefined }];
      }),
    ),
  );
}

/**
 * `terraform validate` on many stacks as `cdktf synth --hcl` writes them (cdk.tf), with one provider
 * start. Their backend blocks stay as written: the warning terraform gives for a backend in a child
 * module ("Backend configuration ignored") is the only one dropped; in a root, init -backend=false
 * skips the backend just the same.
 */
export async function validateHclStacks(stacks: Record<string, string>): Promise<Record<string, ValidateDiagnostic[]>> {
  return validateAsModules(
    Object.fromEntries(Object.entries(stacks).map(([name, hcl]) => [name, { file: "cdk.tf", text: hcl, alone: /^import \{/m.test(hcl) ? hcl : undefined }])),
    (d) => d.severity === "warning" && d.summary === "Backend configuration ignored",
  );
}
