import { Command, Option } from "commander";
import { atLeast, LEVELS, Level } from "../../domain/review/findings";
import { allFindings, ReviewInput } from "../../domain/review/review-input";
import { reviewPlan } from "../../domain/review/plan-review";
import { diffStacks } from "../../domain/review/synth-diff";
import { usageError } from "../../errors";
import { CommandResult, GlobalOptions, Wrap } from "../command";
import { EXIT } from "../exit-codes";
import { planStackName, readPlanFile, readSynthDir } from "../io/review-files";
import { processOutput, writeReport } from "../output";
import { renderJson, renderMarkdown } from "../render/review";

const REVIEW_FORMATS = ["markdown", "json"] as const;

interface ReviewOptions extends GlobalOptions {
  readonly synth?: string;
  readonly base?: string;
  readonly plan?: string[];
  readonly format: (typeof REVIEW_FORMATS)[number];
  readonly failOn?: Level;
  readonly output?: string;
}

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

async function run(opts: ReviewOptions): CommandResult {
  if (opts.base && !opts.synth) throw usageError("--base DIR is compared with --synth DIR: give both");
  if (!opts.synth && !opts.plan?.length) throw usageError("review needs --synth DIR (optionally with --base DIR) and/or --plan FILE...");
  const head = opts.synth ? readSynthDir(opts.synth) : undefined;
  const base = opts.base ? readSynthDir(opts.base) : undefined;
  const input: ReviewInput = {
    head,
    base,
    synthFindings: head && base ? diffStacks(base, head) : [],
    plans: (opts.plan ?? []).map((file) => reviewPlan(planStackName(file), file, readPlanFile(file))),
  };
  const out = processOutput(!opts.color);
  writeReport(out, opts.format === "json" ? renderJson(input) : renderMarkdown(input), opts.output);
  const failOn = opts.failOn;
  return failOn && allFindings(input).some((f) => atLeast(f.level, failOn)) ? EXIT.findings : EXIT.ok;
}
