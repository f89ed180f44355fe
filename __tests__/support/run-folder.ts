// What a test run keeps for all its files (the provider's answers and verdicts, inits): files in the
// run's temporary folder (global-setup.ts), which the two jest workers read and write side by side.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
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
