import { Command, Option } from "commander";
import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from "../../domain/audit";
import { lazyRun, Wrap } from "../command";
import { parseAccountIds, parseParentId, parseWholeNumber } from "../flags";
import { AUDIT_FORMATS } from "../formats";
import { SESSION_CONFIG_HELP } from "../privileged-command";
import type { AuditOptions } from "../run/audit";

const run = lazyRun<AuditOptions>(() => require("../run/audit"));

export function registerAudit(program: Command, wrap: Wrap): void {
  program
    .command("audit")
    .description("audit the root credentials of every member account (root sessions with IAMAuditRootUserCredentials)")
    .addOption(new Option("--accounts <ids>", "only these account IDs, comma-separated").argParser(parseAccountIds).conflicts("ou"))
    .addOption(new Option("--ou <id>", "only accounts under this OU (or root), recursively").argParser(parseParentId))
    .addOption(new Option("--format <format>", "report format (html: one self-contained page, nothing fetched)").choices(AUDIT_FORMATS).default("table"))
    .addOption(
      new Option("--concurrency <n>", `accounts audited at once (1-${MAX_CONCURRENCY})`)
        .argParser(parseWholeNumber(1, MAX_CONCURRENCY))
        .default(DEFAULT_CONCURRENCY),
    )
    .option("--output <file>", "write the report to this file instead of stdout")
    .option("--fail-on-credentials", "exit 1 when any audited account has root credentials")
    .option("--config <file>", SESSION_CONFIG_HELP)
    .option("--no-predict", "open root sessions even where the organization's SCPs or RCPs are predicted to refuse them")
    .action(wrap((_o, cmd) => run(cmd.optsWithGlobals<AuditOptions>())));
}
