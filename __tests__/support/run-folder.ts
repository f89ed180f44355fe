// What a test run keeps for all its files (the provider's answers and verdicts, inits): files in the
// run's temporary folder (global-setup.ts), which the two jest workers read and write side by side.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/** Writes `file` whole, then renames it into place: a worker reading at the same time finds it complete or not at all. */
export function writeWhole(file: string, data: string | Buffer): void {
  mkdirSync(dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}`;
  writeFileSync(partial, data);
  renameSync(partial, file);
}
