// What the four privileged commands share: their flags and option types (the ports they run with: run/privileged-deps.ts).
import { Command, Option } from "commander";
import type { GlobalOptions } from "./command";
import type { ConfirmOptions } from "./confirm";

export interface PrivilegedOptions extends GlobalOptions, ConfirmOptions {
  readonly account: string[];
  readonly actionLog: string;
}

export interface UnlockOptions extends Omit<PrivilegedOptions, "account"> {
  /** Optional with --restore (the backup names the account); checked against the file when given. */
  readonly account?: string[];
  readonly restore?: string;
  readonly backupDir: string;
}

/** --account, --yes, --dry-run and --action-log (`--account` optional where a file can name the account: --restore). */
export function privilegedCommand(cmd: Command, accountHelp: string, parser: (v: string) => string[], accountRequired = true): Command {
  return (accountRequired ? cmd.requiredOption("--account <id>", accountHelp, parser) : cmd.option("--account <id>", accountHelp, parser))
    .option("--yes", "do it (without --yes: print what would be done, then ask on a terminal or stop)")
    .addOption(new Option("--dry-run", "print what would be done and exit 0").conflicts("yes"))
    .option("--action-log <file>", "append every step to this JSON-lines file", "root-access-actions.jsonl");
}

/** --restore and --backup-dir of the two unlock commands. */
export function unlockOptions(cmd: Command): Command {
  return cmd
    .option("--restore <file>", "put a backed-up policy back instead (the file names the account and the bucket or queue)")
    .option("--backup-dir <dir>", "where policy backups are written", "root-access-backups");
}
