// Policy backups as files: a new file per backup (mode 0600, opened with "wx": never overwritten),
// in a folder created 0700.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { PolicyBackup } from "../../domain/ports";
import { badBackup, usageError } from "../../errors";
import { reason } from "./append-log";
import { prepareFolder } from "./output-paths";

export interface BackupFiles {
  /** Checks that the backup folder can be used (created only when a backup is saved): called before any AWS call. */
  prepare(): void;
  save(backup: PolicyBackup): string;
  read(file: string): unknown;
}

export function backupFiles(dir: string): BackupFiles {
  return {
    prepare: () => prepareFolder(dir, "--backup-dir", true),
    save(backup) {
      prepareFolder(dir, "--backup-dir");
      const name = backup.bucket ?? backup.queueUrl?.split("/").pop() ?? "queue";
      const file = join(dir, `${backup.kind}-${backup.accountId}-${name.replace(/[^\w.-]/g, "_")}-${backup.savedAt.replace(/[:.]/g, "-")}.json`);
      try {
        writeFileSync(file, `${JSON.stringify(backup, null, 2)}\n`, { flag: "wx", mode: 0o600 });
      } catch (err) {
        throw usageError(`${file}: cannot write the backup: ${reason(err as NodeJS.ErrnoException)}`);
      }
      return file;
    },
    read(file) {
      try {
        return JSON.parse(readFileSync(file, "utf8"));
      } catch (err) {
        throw badBackup(`${file}: cannot read the backup: ${(err as Error).message}`);
      }
    },
  };
}
