// An append-only JSON-lines file for evidence and journals (contract 1; issue-17 owns it): each
// record is written and fsync'ed before append() returns, so kill -9 loses nothing returned.
import { closeSync, constants, fsyncSync, openSync, writeSync } from "node:fs";
import { usageError } from "../../errors";

/** An append-only JSON-lines file: created 0600, never through a symlink (O_NOFOLLOW), each
 *  record written and fsync'ed before append() returns, so kill -9 loses nothing returned. */
export class AppendLog {
  private constructor(
    private fd: number | undefined,
    private readonly path: string,
  ) {}

  /** Opens (or creates) the file for appending; throws a UserError (usage) naming the path if it cannot be opened. */
  static open(path: string): AppendLog {
    try {
      const fd = openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o600);
      return new AppendLog(fd, path);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      const why =
        e.code === "ELOOP" ? "is a symbolic link (refused: the log is never written through one)" : `cannot be opened for appending (${e.code ?? e.message})`;
      throw usageError(`${path}: ${why}`);
    }
  }

  /** One JSON line, on disk when this returns. */
  append(record: Record<string, unknown>): void {
    if (this.fd === undefined) throw new Error(`${this.path}: append after close`);
    const bytes = Buffer.from(`${JSON.stringify(record)}\n`, "utf8");
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(this.fd, bytes, offset, bytes.length - offset);
    fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }
}
