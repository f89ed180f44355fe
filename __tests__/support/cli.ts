// Runs the real `root-access` CLI (bin/root-access.js) as a child process.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { collect, ProcessResult } from "./process";

export const ROOT = join(__dirname, "..", "..");
const BIN = join(ROOT, "bin", "root-access.js");

export type CliResult = ProcessResult;

/** Async (never spawnSync): the local AWS fake answers from this same process. */
export function runCli(args: string[], env: Record<string, string> = {}, options: { cwd?: string } = {}): Promise<CliResult> {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { PATH: process.env.PATH, HOME: "/nonexistent-home", AWS_CONFIG_FILE: "/dev/null", AWS_SHARED_CREDENTIALS_FILE: "/dev/null", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return collect(child);
}

/** `script` (util-linux) gives the CLI a real terminal, so its confirmation prompt runs. */
export const terminalAvailable = (process.env.PATH ?? "").split(":").some((dir) => require("node:fs").existsSync(`${dir}/script`));

/** Runs the CLI on a pseudo-terminal and answers its confirmation prompt, if any, with `answer`. */
export function runCliOnTerminal(args: string[], env: Record<string, string>, answer?: "y" | "n"): Promise<CliResult> {
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
      child.stdin.write(`${answer}\r`);
    }
  });
  return collect(child);
}
