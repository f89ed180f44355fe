import { auditOrganization } from "../../domain/audit";
import { CommandResult, GlobalOptions, withAws } from "../command";
import { checkOutputFile } from "../io/output-paths";
import { EXIT } from "../exit-codes";
import { processOutput, writeReport } from "../output";
import { progressBar } from "../progress-bar";
import type { AuditFormat } from "../formats";
import { renderAudit } from "../render/audit-report";
import { sessionRegionFromConfig } from "../session-region";
import { PredictOptions, rootSessionsFor } from "./predicted-sessions";

export interface AuditOptions extends GlobalOptions, PredictOptions {
  readonly accounts?: string[];
  readonly ou?: string;
  readonly format: AuditFormat;
  readonly concurrency: number;
  readonly output?: string;
  readonly failOnCredentials?: boolean;
  readonly config?: string;
}

export async function run(opts: AuditOptions): CommandResult {
  const out = processOutput(!opts.color);
  const sessionRegion = sessionRegionFromConfig(out, opts.config, opts.region ?? process.env.AWS_REGION);
  // Before any AWS call: a report that cannot be written must not throw a finished audit away.
  if (opts.output !== undefined) checkOutputFile(opts.output, "--output");
  const bar = progressBar(out, "auditing");
  try {
    const report = await withAws({ profile: opts.profile, region: opts.region, sessionRegion }, async (aws) =>
      auditOrganization(
        // Blocked accounts are reported as errors (BlockedByOrganizationPolicy) without a session.
        { organizations: aws.organizations, rootSessions: await rootSessionsFor(aws, opts, out, opts.accounts) },
        { accountIds: opts.accounts, organizationalUnitId: opts.ou, concurrency: opts.concurrency },
        bar?.update,
      ),
    );
    bar?.stop();
    writeReport(out, renderAudit(report, opts.format, out.color && !opts.output), opts.output);
    if (report.summary.errors > 0) return EXIT.aws;
    return opts.failOnCredentials && report.summary.withRootCredentials > 0 ? EXIT.findings : EXIT.ok;
  } finally {
    bar?.stop();
  }
}
