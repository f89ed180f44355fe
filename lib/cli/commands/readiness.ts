import { Command, Option } from "commander";
import { lazyRun, Wrap } from "../command";
import { parseAccountIds, parseParentId, parseTaskPolicies } from "../flags";
import { READINESS_FORMATS } from "../formats";
import type { ReadinessOptions } from "../run/readiness";

const run = lazyRun<ReadinessOptions>(() => require("../run/readiness"));

export function registerReadiness(program: Command, wrap: Wrap): void {
  program
    .command("readiness")
    .description("predict, per member account and task policy, whether SCPs and RCPs would refuse a root session (opens none)")
    .addOption(new Option("--accounts <ids>", "only these account IDs, comma-separated").argParser(parseAccountIds).conflicts("ou"))
    .addOption(new Option("--ou <id>", "only accounts under this OU (or root), recursively").argParser(parseParentId))
    .addOption(new Option("--task <policies>", "only these task policies, comma-separated (default: all five)").argParser(parseTaskPolicies))
    .addOption(new Option("--format <format>", "report format").choices(READINESS_FORMATS).default("table"))
    .option("--output <file>", "write the report to this file instead of stdout")
    .option("--fail-on-blocked", "exit 1 when any account x task is blocked (for CI)")
    .action(wrap((_o, cmd) => run(cmd.optsWithGlobals<ReadinessOptions>())));
}
