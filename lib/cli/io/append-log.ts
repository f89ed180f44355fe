// An append-only JSON-lines file that survives kill -9: each record is on disk before append()
// returns. The action log (and any journal of steps that change AWS) writes through it.
import { closeSync, constants, fstatSync, fsyncSync, openSync, writeSync } from "node:fs";
import { usageError } from "../../errors";

/** An append-only JSON-lines file: created 0600, never through a symlink (O_NOFOLLOW), each
 *  record written and fsync'ed before append() returns, so kill -9 loses nothing returned. */
export class AppendLog {
  /** Opens (creating 0600) `path` for appending; throws a UserError (usage) naming the path if it cannot be opened. */
  static open(path: string): AppendLog {
    if (!path) throw usageError("the log file name is empty: name a file");
    let fd: number;
    try {
      fd = openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o600);
    } catch (err) {
      throw usageError(`${path}: cannot open the log for appending: ${reason(err as NodeJS.ErrnoException)}`);
    }
    // /dev/null is a deliberate "keep no log"; any other device (/dev/full) or pipe would fail later.
    if (!fstatSync(fd).isFile() && path !== "/dev/null") {
      closeSync(fd);
      throw usageError(`${path}: cannot open the log for appending: not a regular file`);
    }
    return new AppendLog(path, fd, path !== "/dev/null");
  }

  private fd: number | undefined;

  private constructor(
    readonly path: string,
    fd: number,
    /** False for /dev/null, which cannot be fsync'ed (and keeps nothing anyway). */
    private readonly durable: boolean,
  ) {
    this.fd = fd;
  }

  /** Writes one JSON line and waits until it is on disk. */
  append(record: Record<string, unknown>): void {
    if (this.fd === undefined) throw new Error(`${this.path}: the log is closed`);
    const line = Buffer.from(`${JSON.stringify(record)}\n`, "utf8");
    let written = 0;
    try {
      // O_APPEND keeps each write at the end; a short write continues where it stopped.
      while (written < line.length) written += writeSync(this.fd, line, written, line.length - written);
      if (this.durable) fsyncSync(this.fd);
    } catch (err) {
      throw usageError(`${this.path}: cannot append to the log: ${reason(err as NodeJS.ErrnoException)}`);
    }
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }
}

/** Why a file cannot be opened, in words. */
export function reason(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case "ENOENT":
      return "its folder does not exist";
    case "ELOOP":
      return "it is a symbolic link (refused: the file is written only where it is named)";
    case "EISDIR":
      return "it is a folder";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ENOTDIR":
      return "a part of the path is not a folder";
    case "EROFS":
      return "the file system is read-only";
    case "EEXIST":
      return "it already exists (never overwritten)";
    case "ENOSPC":
      return "no space left on the device";
    default:
      return err.code ?? err.message;
  }
}
