// What a test run keeps for all its files (the provider's answers and verdicts, inits): files in the
// run's temporary folder (global-setup.ts), which the jest workers read and write side by side.
import { createHash } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** The file that keeps one `kind` of thing (a folder of its own) under a key of one or more parts. */
export function keptPath(kind: string, ...key: (string | Buffer)[]): string {
  const hash = createHash("sha256");
  key.forEach((part, i) => (i > 0 ? hash.update("|") : hash).update(part));
  return join(tmpdir(), `ra-${kind}`, hash.digest("hex"));
}

/** A kept file's content, or undefined where nothing was kept (yet). */
export function readKept(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Writes `file` whole, then renames it into place: a worker reading at the same time finds it complete or not at all. */
export function writeWhole(file: string, data: string | Buffer): void {
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}`;
  writeFileSync(partial, data);
  renameSync(partial, file);
}

/**
 * Claims the work of making `file` for this process (`file`.making, created only if no other
 * process of the run holds it): true if this process should make it, false if another one is.
 */
export function claimMaking(file: string): boolean {
  mkdirSync(dirname(file), { recursive: true });
  try {
    closeSync(openSync(`${file}.making`, "wx"));
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw err;
  }
}

/** Gives up the claim of claimMaking (after `file` was written, or when there is nothing to write). */
export function releaseMaking(file: string): void {
  rmSync(`${file}.making`, { force: true });
}

/**
 * Waits while another process holds the claim on `file` (polling, at most `ms`). A claim older than
 * that was left by a process that died mid-way: it is removed, so later waits do not wait for it.
 */
export async function awaitMaking(file: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (existsSync(`${file}.making`)) {
    if (Date.now() > deadline) return releaseMaking(file);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
