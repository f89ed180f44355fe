import { Command, Option } from "commander";
import { SESSION_CONFIG_HELP } from "../privileged-command";
import { CREDENTIAL_KINDS } from "../../aws-constants";
import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from "../../domain/audit";
import { lazyRun, Wrap } from "../command";
import { parseAccountIds, parseKinds, parseParentId, parseWholeNumber } from "../flags";
import type { PlanOptions } from "../run/remediate-plan";
import type { ApplyOptions } from "../run/remediate-apply";

const runPlan = lazyRun<PlanOptions>(() => require("../run/remediate-plan"));
const runApply = lazyRun<ApplyOptions>(() => require("../run/remediate-apply"));

/** Accounts apply works on at once by default. */
const APPLY_CONCURRENCY = 64;
// Kept here (not imported from the renderers) so --help loads nothing heavy.
const PLAN_FORMATS = ["table", "json", "markdown", "html"];
const APPLY_FORMATS = ["table", "json", "html"];

export function registerRemediate(program: Command, wrap: Wrap): void {
  const remediate = program
    .command("remediate")
    .description("clear the organization's root credentials: a reviewable plan, then a paced, resumable apply of exactly that plan");
  // Apply makes about twice the calls per account that the plan does (two reads, the deletes), so it
  // needs twice the accounts in flight to keep AssumeRoot at its limit (npm run bench:remediate).
  const concurrency = (fallback: number) =>
    new Option("--concurrency <n>", `accounts worked on at once (1-${MAX_CONCURRENCY})`).argParser(parseWholeNumber(1, MAX_CONCURRENCY)).default(fallback);

  remediate
    .command("plan")
    .description("audit the selection and write what apply would delete (changes nothing; IAMAuditRootUserCredentials sessions)")
    .addOption(new Option("--accounts <ids>", "only these account IDs, comma-separated").argParser(parseAccountIds).conflicts("ou"))
    .addOption(new Option("--ou <id>", "only accounts under this OU (or root), recursively").argParser(parseParentId))
    .addOption(new Option("--only <kinds>", `only these kinds: ${CREDENTIAL_KINDS.join(",")}`).argParser(parseKinds))
    .addOption(
      new Option("--keep-used-within <days>", "hold back access keys used within this many days (0: plan them all)")
        .argParser(parseWholeNumber(0, 36500))
        .default(90),
    )
    .option("--include-active-certificates", "plan active signing certificates too (held back by default: IAM records no last use for them)")
    .option("--output <plan>", "write the plan (JSON, what apply reads) to this file")
    .addOption(new Option("--format <format>", "what stdout shows").choices(PLAN_FORMATS).default("table"))
    .addOption(concurrency(DEFAULT_CONCURRENCY))
    .option("--no-predict", "do not consult the readiness prediction (plan accounts it predicts blocked anyway)")
    .option("--config <file>", SESSION_CONFIG_HELP)
    .action(wrap((_o, cmd) => runPlan(cmd.optsWithGlobals<PlanOptions>())));

  remediate
    .command("apply")
    .description("delete exactly the planned items still present (IAMDeleteRootUserCredentials sessions); rerun to resume")
    .argument("<plan>", "the plan file written by remediate plan (its journal is <plan>.journal.jsonl)")
    .option("--yes", "do it (without --yes: show the totals, then ask on a terminal or stop)")
    .addOption(new Option("--dry-run", "show the totals and exit 0").conflicts("yes"))
    .addOption(new Option("--format <format>", "result format").choices(APPLY_FORMATS).default("table"))
    .option("--output <file>", "write the result to this file instead of stdout")
    .addOption(new Option("--max-plan-age <days>", "refuse plans older than this").argParser(parseWholeNumber(1, 3650)).default(7))
    .addOption(concurrency(APPLY_CONCURRENCY))
    .option("--action-log <file>", "append every step to this JSON-lines file", "root-access-actions.jsonl")
    .option("--config <file>", SESSION_CONFIG_HELP)
    .action(wrap<string>((plan, cmd) => runApply({ ...cmd.optsWithGlobals<ApplyOptions>(), plan })));
}
