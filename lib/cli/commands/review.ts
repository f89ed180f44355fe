import { Command, Option } from "commander";
import { LEVELS } from "../../domain/review/findings";
import { lazyRun, Wrap } from "../command";
import { REVIEW_FORMATS } from "../formats";
import type { ReviewOptions } from "../run/review";

const run = lazyRun<ReviewOptions>(() => require("../run/review"));

export function registerReview(program: Command, wrap: Wrap): void {
  program
    .command("review")
    .description("summarize what a change does to root access, for a pull request: synth output (vs a base) and/or terraform plans")
    .option("--synth <dir>", "a cdktf synth output (e.g. cdktf.out) of the change")
    .option("--base <dir>", "the same from the target branch, to compare with --synth")
    .option("--plan <files...>", "terraform show -json output, one per stack")
    .addOption(new Option("--format <format>", "output format").choices(REVIEW_FORMATS).default("markdown"))
    .addOption(new Option("--fail-on <level>", "exit 1 when a finding is at this level or above").choices(LEVELS.slice(0, 3)))
    .option("--output <file>", "write the review to this file instead of stdout")
    .action(wrap((_o, cmd) => run(cmd.optsWithGlobals<ReviewOptions>())));
}
