// Policy backups as files: a new file per backup (mode 0600, opened with "wx": never overwritten),
// in a folder created 0700.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { PolicyBackup } from "../../domain/ports";
import { UserError } from "../../errors";

export interface BackupFiles {
  save(backup: PolicyBackup): string;
  read(file: string): unknown;
}

export function backupFiles(dir: string): BackupFiles {
  return {
    save(backup) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const name = backup.bucket ?? backup.queueUrl?.split("/").pop() ?? "queue";
      const file = join(dir, `${backup.kind}-${backup.accountId}-${name.replace(/[^\w.-]/g, "_")}-${backup.savedAt.replace(/[:.]/g, "-")}.json`);
      writeFileSync(file, `${JSON.stringify(backup, null, 2)}\n`, { flag: "wx", mode: 0o600 });
      return file;
    },
    read(file) {
      try {
        return JSON.parse(readFileSync(file, "utf8"));
      } catch (err) {
        throw new UserError("BadBackup", `${file}: cannot read the backup: ${(err as Error).message}`);
      }
    },
  };
}
