import type { AwsPorts } from "../../aws";
import { CredentialKind } from "../../aws-constants";
import type { ReadinessPredictor } from "../../domain/readiness/prediction";
import { makeRemediationPlan } from "../../domain/remediation/plan";
import { CommandResult, GlobalOptions, withAws } from "../command";
import { EXIT } from "../exit-codes";
import { checkPlanOutput, withIntegrity, writePlanFile } from "../io/remediation-plan-file";
import { Output, processOutput } from "../output";
import { progressBar } from "../progress-bar";
import { runPredictor } from "./predicted-sessions";
import { PlanFormat, planTotals, renderPlan } from "../render/remediation";
import { sessionRegionFromConfig } from "../session-region";

export interface PlanOptions extends GlobalOptions {
  readonly accounts?: string[];
  readonly ou?: string;
  readonly only?: CredentialKind[];
  readonly keepUsedWithin: number;
  readonly includeActiveCertificates?: boolean;
  readonly output?: string;
  readonly format: PlanFormat;
  readonly concurrency: number;
  /** false with --no-predict. */
  readonly predict: boolean;
  readonly config?: string;
}

/** The readiness predictor for this run, or why there is none (then the plan is made without prediction). */
export async function readinessPredictor(
  aws: AwsPorts,
  out: Output,
  accountIds?: readonly string[],
): Promise<{ predictor?: ReadinessPredictor; note: string }> {
  const { predictor, warning } = await runPredictor(aws, out, accountIds);
  return predictor ? { predictor, note: "used" } : { note: `not available: ${warning ?? "no predictor"}` };
}

export async function run(opts: PlanOptions): CommandResult {
  const out = processOutput(!opts.color);
  const sessionRegion = sessionRegionFromConfig(out, opts.config, opts.region ?? process.env.AWS_REGION);
  if (opts.output) checkPlanOutput(opts.output);
  const bar = progressBar(out, "planning");
  try {
    const plan = await withAws({ profile: opts.profile, region: opts.region, sessionRegion }, async (aws) => {
      const { predictor, note } = opts.predict ? await readinessPredictor(aws, out, opts.accounts) : { predictor: undefined, note: "off (--no-predict)" };
      return makeRemediationPlan(
        { organizations: aws.organizations, rootSessions: aws.rootSessions },
        {
          accountIds: opts.accounts,
          organizationalUnitId: opts.ou,
          only: opts.only,
          keepUsedWithinDays: opts.keepUsedWithin,
          includeActiveCertificates: opts.includeActiveCertificates,
          concurrency: opts.concurrency,
          predictor,
          predictionNote: note,
        },
        bar?.update,
      );
    });
    bar?.stop();
    const file = withIntegrity(plan);
    if (opts.output) {
      writePlanFile(opts.output, JSON.stringify(file, null, 2));
      out.info(`wrote ${opts.output}: ${planTotals(plan)}`);
      out.info(`review it (delete entries to narrow it), then: root-access remediate apply ${opts.output}`);
    }
    out.report(renderPlan(opts.format === "json" ? file : plan, opts.format));
    return plan.summary.errors > 0 ? EXIT.aws : EXIT.ok;
  } finally {
    bar?.stop();
  }
}
