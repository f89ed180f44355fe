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
  const report = await withAws({ profile: opts.profile, region: opts.region }, async (aws) => {
    const caller = await aws.organizations.callerIdentity();
    return readiness(
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
  });
  writeReport(out, renderReadiness(report, opts.format, out.color && !opts.output), opts.output);
  return opts.failOnBlocked && report.summary.blocked > 0 ? EXIT.findings : EXIT.ok;
}
