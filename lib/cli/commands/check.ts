import { Command, Option } from "commander";
import { lazyRun, Wrap } from "../command";
import { CHECK_FORMATS } from "../formats";
import type { CheckOptions } from "../run/check";

const run = lazyRun<CheckOptions>(() => require("../run/check"));

export function registerCheck(program: Command, wrap: Wrap): void {
  program
    .command("check")
    .description("compare each configured organization with the live one: features on, trusted access, what a deploy would disable")
    .option("--config <file>", "organizations config (default: ROOT_ACCESS_CONFIG, organizations.json, or the embedded default)")
    .option("--name <name>", "check only this organization")
    .addOption(
      new Option("--format <format>", "output format (markdown for a pull-request comment, html for one self-contained page)")
        .choices(CHECK_FORMATS)
        .default("text"),
    )
    .action(wrap((_o, cmd) => run(cmd.optsWithGlobals<CheckOptions>())));
}
