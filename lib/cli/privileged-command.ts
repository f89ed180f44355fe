// What the four privileged commands share: their flags and option types (the ports they run with: run/privileged-deps.ts).
import { Command, Option } from "commander";
import type { GlobalOptions } from "./command";
import type { ConfirmOptions } from "./confirm";

export interface PrivilegedOptions extends GlobalOptions, ConfirmOptions {
  readonly account: string[];
  readonly actionLog: string;
  readonly config?: string;
  /** false with --no-predict: open root sessions even where SCPs or RCPs are predicted to refuse them. */
  readonly predict?: boolean;
}

export interface UnlockOptions extends Omit<PrivilegedOptions, "account"> {
  /** Optional with --restore (the backup names the account); checked against the file when given. */
  readonly account?: string[];
  readonly restore?: string;
  readonly backupDir: string;
}

/** What --help says about --config on audit and the privileged commands (they read the config only for this). */
export const SESSION_CONFIG_HELP =
  "organizations config, read for one thing: the region where its AssumeRoot alerts listen, so root sessions go where they are seen (default: ROOT_ACCESS_CONFIG, then organizations.json in this folder)";

/** --account, --yes, --dry-run, --action-log, --config and --no-predict (`--account` optional where a file can name the account: --restore). */
export function privilegedCommand(cmd: Command, accountHelp: string, parser: (v: string) => string[], accountRequired = true): Command {
  return (accountRequired ? cmd.requiredOption("--account <id>", accountHelp, parser) : cmd.option("--account <id>", accountHelp, parser))
    .option("--yes", "do it (without --yes: print what would be done, then ask on a terminal or stop)")
    .addOption(new Option("--dry-run", "print what would be done and exit 0").conflicts("yes"))
    .option(
      "--action-log <file>",
      "append every step to this JSON-lines file (an attempt line before each change, its outcome after)",
      "root-access-actions.jsonl",
    )
    .option("--config <file>", SESSION_CONFIG_HELP)
    .option("--no-predict", "open root sessions even where the organization's SCPs or RCPs are predicted to refuse them");
}

/** --restore and --backup-dir of the two unlock commands. */
export function unlockOptions(cmd: Command): Command {
  return cmd
    .option("--restore <file>", "put a backed-up policy back instead (the file names the account and the bucket or queue)")
    .option("--backup-dir <dir>", "where policy backups are written", "root-access-backups");
}
