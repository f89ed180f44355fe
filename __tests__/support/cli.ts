// Runs the real `root-access` CLI: in this process (main() with the same argv, environment and
// captured output: fast, for most tests), or as a child process through bin/root-access.js (the
// end-to-end path: start-up, the SDK's own environment handling, real pipes).
import { spawn } from "node:child_process";
import { join } from "node:path";
import { main } from "../../lib/cli/main";
import { collect, ProcessResult } from "./process";
import { FAST } from "./fast";

export const ROOT = join(__dirname, "..", "..");
const BIN = join(ROOT, "bin", "root-access.js");

export type CliResult = ProcessResult;

/** The environment a CLI run sees: no real AWS config or credentials of this machine. */
function cliEnv(env: Record<string, string>): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    HOME: "/nonexistent-home",
    // The run's temporary folder (global-setup.ts), removed when the run ends.
    ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}),
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    ...env,
  };
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs the CLI in this process, as `node bin/root-access.js ARGS` would, with its own environment,
 * working folder and output. Runs wait for each other (they swap process-wide state), so concurrent
 * tests may call it; the local AWS fake answers from this same process.
 */
export function runCli(args: string[], env: Record<string, string> = {}, options: { cwd?: string } = {}): Promise<CliResult> {
  const run = queue.then(() => runOnce(args, env, options));
  queue = run.catch(() => undefined);
  return run;
}

async function runOnce(args: string[], env: Record<string, string>, options: { cwd?: string }): Promise<CliResult> {
  const saved = { env: process.env, cwd: process.cwd(), out: process.stdout.write, err: process.stderr.write };
  let stdout = "";
  let stderr = "";
  process.env = cliEnv(env);
  process.chdir(options.cwd ?? ROOT);
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)) as typeof process.stderr.write;
  try {
    const code = await main([process.execPath, BIN, ...args]);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
    process.env = saved.env;
    process.chdir(saved.cwd);
  }
}

/** Runs the CLI as a child process (bin/root-access.js). Async, never spawnSync: the fake answers from this process. */
export function runCliProcess(args: string[], env: Record<string, string> = {}, options: { cwd?: string } = {}): Promise<CliResult> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, env: cliEnv(env), stdio: ["ignore", "pipe", "pipe"] });
  return collect(child);
}

/** Starts the real executable and hands back the child (to signal it) with its result to come. */
export function startCliProcess(
  args: string[],
  env: Record<string, string> = {},
  options: { cwd?: string } = {},
): { child: ReturnType<typeof spawn>; result: Promise<CliResult> } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, env: cliEnv(env), stdio: ["ignore", "pipe", "pipe"] });
  return { child, result: collect(child) };
}

/**
 * `script` (util-linux) gives the CLI a real terminal, so its confirmation prompt runs. The terminal
 * tests start the executable (a child process each): `npm run test:fast` leaves them to `npm test`.
 */
export const terminalAvailable = !FAST && (process.env.PATH ?? "").split(":").some((dir) => require("node:fs").existsSync(`${dir}/script`));

/** Why the terminal tests are skipped, for their titles. */
export const terminalSkipped = FAST
  ? " (skipped by npm run test:fast: it starts the executable on a terminal; npm test runs it)"
  : " (skipped: no `script` command for a pseudo-terminal)";

/** Runs the CLI on a pseudo-terminal and answers its confirmation prompt, if any, with `answer` ("ctrl-c" presses Ctrl-C). */
export function runCliOnTerminal(
  args: string[],
  env: Record<string, string>,
  answer?: "y" | "n" | "ctrl-c",
  options: { answerAfterMs?: number } = {},
): Promise<CliResult> {
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
  const child = spawn("script", ["-qec", quoted, "/dev/null"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: "/nonexistent-home", AWS_CONFIG_FILE: "/dev/null", AWS_SHARED_CREDENTIALS_FILE: "/dev/null", TERM: "xterm", ...env },
  });
  let seen = "";
  let answered = false;
  child.stdout.on("data", (d) => {
    seen += d;
    if (answer && !answered && seen.includes("(y/N)")) {
      answered = true;
      // A person reading the plan first: the answer can come after the plan's sessions expired.
      setTimeout(() => child.stdin.write(answer === "ctrl-c" ? "\x03" : `${answer}\r`), options.answerAfterMs ?? 0);
    }
  });
  // The pipe to the child's stdin would otherwise stay open and keep this test worker alive.
  child.on("close", () => child.stdin.destroy());
  return collect(child);
}
