import { partitionOf, TaskPolicy } from "../../aws-constants";
import { readiness } from "../../domain/readiness/readiness-report";
import { CommandResult, GlobalOptions, withAws } from "../command";
import { EXIT } from "../exit-codes";
import type { ReadinessFormat } from "../formats";
import { processOutput, writeReport } from "../output";
import { renderReadiness } from "../render/readiness";

export interface ReadinessOptions extends GlobalOptions {
  readonly accounts?: string[];
  readonly ou?: string;
  readonly task?: TaskPolicy[];
  readonly format: ReadinessFormat;
  readonly output?: string;
  readonly failOnBlocked?: boolean;
}

export async function run(opts: ReadinessOptions): CommandResult {
  const out = processOutput(!opts.color);
  const { report, caller } = await withAws({ profile: opts.profile, region: opts.region }, async (aws) => {
    const caller = await aws.organizations.callerIdentity();
    const report = await readiness(
      { organizations: aws.organizations },
      {
        partition: partitionOf(aws.region) ?? "aws",
        region: aws.region,
        caller: { accountId: caller.accountId, arn: caller.arn },
        accountIds: opts.accounts,
        organizationalUnitId: opts.ou,
        taskPolicies: opts.task,
      },
    );
    return { report, caller };
  });
  // The HTML page says who ran it and what was selected; the other formats never ask.
  const context = { caller: caller.arn, selection: selection(opts) };
  writeReport(out, renderReadiness(report, opts.format, out.color && !opts.output, context), opts.output);
  return opts.failOnBlocked && report.summary.blocked > 0 ? EXIT.findings : EXIT.ok;
}

function selection(opts: ReadinessOptions): string {
  if (opts.accounts) return `${opts.accounts.length} account${opts.accounts.length === 1 ? "" : "s"}: ${opts.accounts.join(", ")}`;
  if (opts.ou) return `ACTIVE member accounts under ${opts.ou}`;
  return `every ACTIVE member account`;
}
