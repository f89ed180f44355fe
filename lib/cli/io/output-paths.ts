// Files the CLI writes, checked before any AWS call (a usage error naming the path, exit 2, instead
// of a crash after the work), written whole or not at all (a temporary file renamed into place),
// never through a symbolic link, and readable by the owner only.
import {
  accessSync,
  closeSync,
  fchmodSync,
  constants,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  renameSync,
  rmdirSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { usageError } from "../../errors";
import { reason } from "./append-log";

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw usageError(`${path}: cannot use this path: ${reason(err as NodeJS.ErrnoException)}`);
  }
}

/** A folder must exist (or be creatable) and be writable. */
function checkFolder(dir: string, what: string): void {
  let stat;
  try {
    stat = statSync(dir);
  } catch (err) {
    throw usageError(`${what}: the folder ${dir} cannot be used: ${reason(err as NodeJS.ErrnoException)}`);
  }
  if (!stat.isDirectory()) throw usageError(`${what}: ${dir} is not a folder`);
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw usageError(`${what}: the folder ${dir} is not writable`);
  }
}

/**
 * Checks that `file` can be written as a report: not empty, not a folder, not a symbolic link, not
 * a device or pipe, in an existing writable folder. `flag` names the option in messages.
 */
export function checkOutputFile(file: string, flag: string): void {
  if (!file) throw usageError(`${flag}: the file name is empty: name a file`);
  const stat = lstatOrUndefined(file);
  const what = `${flag} ${file}`;
  if (stat?.isSymbolicLink()) throw usageError(`${what}: is a symbolic link (refused: a report is written only where it is named)`);
  if (stat?.isDirectory()) throw usageError(`${what}: is a folder; name a file`);
  if (stat && !stat.isFile()) throw usageError(`${what}: is not a regular file (a device or pipe); name a file`);
  checkFolder(dirname(resolve(file)), what);
}

/**
 * Makes sure `dir` is a writable folder, creating the missing ones (0700) one level at a time. A
 * recursive mkdir loops forever under /proc; this stops at the first level that cannot be made.
 * With `checkOnly`, nothing is left behind: the first missing level is made and removed again.
 */
export function prepareFolder(dir: string, flag: string, checkOnly = false): void {
  if (!dir) throw usageError(`${flag}: the folder name is empty: name a folder`);
  const what = `${flag} ${dir}`;
  const missing: string[] = [];
  let at = resolve(dir);
  while (!lstatOrUndefined(at)) {
    missing.unshift(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  checkFolder(at, what);
  if (checkOnly) {
    if (missing.length === 0) return;
    try {
      mkdirSync(missing[0], { mode: 0o700 });
      rmdirSync(missing[0]);
    } catch (err) {
      throw usageError(`${what}: cannot create the folder ${missing[0]}: ${reason(err as NodeJS.ErrnoException)}`);
    }
    return;
  }
  for (const part of missing) {
    try {
      mkdirSync(part, { mode: 0o700 });
    } catch (err) {
      throw usageError(`${what}: cannot create the folder ${part}: ${reason(err as NodeJS.ErrnoException)}`);
    }
  }
  checkFolder(resolve(dir), what);
}

/**
 * Writes `text` to `file` whole or not at all: a temporary file (0600, never an existing one) in the
 * same folder, flushed, then renamed over `file` (which replaces a link rather than following it).
 * `mode`: for a file meant to be shared (a config); reports keep 0600.
 */
export function writeFileAtomic(file: string, text: string, mode = 0o600): void {
  const temp = join(dirname(resolve(file)), `.${basename(file)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    if (mode !== 0o600) fchmodSync(fd, mode);
    const data = Buffer.from(text, "utf8");
    let written = 0;
    while (written < data.length) written += writeSync(fd, data, written, data.length - written);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, file);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      // Never created, or already renamed.
    }
    throw usageError(`${file}: cannot write: ${reason(err as NodeJS.ErrnoException)}`);
  }
}
