// An append-only JSON-lines file that survives kill -9: each record is written before append()
// returns, and a record announcing a change is on disk (fsync'ed, with every line before it) before
// the change is sent. The action log (and any journal of steps that change AWS) writes through it.
import { closeSync, constants, fstatSync, fsyncSync, openSync, writeSync } from "node:fs";
import { usageError } from "../../errors";

/**
 * An append-only JSON-lines file: created 0600, never through a symlink (O_NOFOLLOW). Every record
 * is written to the file before append() returns, so a killed process (even kill -9) loses nothing
 * returned. A durable append (the default: the line before a change) also waits for fsync, which
 * puts it and every line before it on disk; other lines (outcomes) reach the disk with the next
 * durable line or at close. A power loss can so cost only outcome lines after the last change
 * announced, and a rerun reads the account again for those. One fsync per change instead of per
 * line: at a hundred accounts a second the fsyncs were an eighth of the CLI's time, blocking it.
 */
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

  /** Lines written since the last fsync. */
  private pending = false;

  /** Writes one JSON line; when `durable`, waits until it (and every earlier line) is on disk. */
  append(record: Record<string, unknown>, durable = true): void {
    if (this.fd === undefined) throw new Error(`${this.path}: the log is closed`);
    const line = Buffer.from(`${JSON.stringify(record)}\n`, "utf8");
    let written = 0;
    try {
      // O_APPEND keeps each write at the end; a short write continues where it stopped.
      while (written < line.length) written += writeSync(this.fd, line, written, line.length - written);
      this.pending = this.durable;
      if (durable) this.sync();
    } catch (err) {
      throw usageError(`${this.path}: cannot append to the log: ${reason(err as NodeJS.ErrnoException)}`);
    }
  }

  private sync(): void {
    if (!this.pending || this.fd === undefined) return;
    fsyncSync(this.fd);
    this.pending = false;
  }

  /** Puts what is written on disk, then closes the file. */
  close(): void {
    if (this.fd === undefined) return;
    try {
      this.sync();
    } catch (err) {
      throw usageError(`${this.path}: cannot append to the log: ${reason(err as NodeJS.ErrnoException)}`);
    } finally {
      closeSync(this.fd);
      this.fd = undefined;
    }
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
