import { atLeast, Level } from "../../domain/review/findings";
import { allFindings, ReviewInput } from "../../domain/review/review-input";
import { reviewPlan } from "../../domain/review/plan-review";
import { diffStacks } from "../../domain/review/synth-diff";
import { usageError } from "../../errors";
import { CommandResult, GlobalOptions } from "../command";
import { EXIT } from "../exit-codes";
import { planStackName, readPlanFile, readSynthDir } from "../io/review-files";
import { checkOutputFile } from "../io/output-paths";
import { processOutput, writeReport } from "../output";
import type { ReviewFormat } from "../formats";
import { renderJson, renderMarkdown } from "../render/review";

export interface ReviewOptions extends GlobalOptions {
  readonly synth?: string;
  readonly base?: string;
  readonly plan?: string[];
  readonly format: ReviewFormat;
  readonly failOn?: Level;
  readonly output?: string;
}

export async function run(opts: ReviewOptions): CommandResult {
  if (opts.base && !opts.synth) throw usageError("--base DIR is compared with --synth DIR: give both");
  if (!opts.synth && !opts.plan?.length) throw usageError("review needs --synth DIR (optionally with --base DIR) and/or --plan FILE...");
  if (opts.output !== undefined) checkOutputFile(opts.output, "--output");
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
