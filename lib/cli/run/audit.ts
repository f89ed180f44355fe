import { auditOrganization } from "../../domain/audit";
import { CommandResult, GlobalOptions, withAws } from "../command";
import { checkOutputFile } from "../io/output-paths";
import { EXIT } from "../exit-codes";
import { Output, processOutput, writeReport } from "../output";
import { progressBar } from "../progress-bar";
import type { AuditFormat } from "../formats";
import { renderAudit } from "../render/audit-report";
import { sessionRegionFromConfig } from "../session-region";
import { PredictOptions, rootSessionsFor } from "./predicted-sessions";
import type { AuditRunContext } from "../render/audit-html";
import type { OrganizationTree, OrganizationTreePort } from "../../domain/ports";
import { AwsError } from "../../errors";
import { termText } from "../render/safe-text";

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
    const { report, context } = await withAws({ profile: opts.profile, region: opts.region, sessionRegion }, async (aws) => {
      const report = await auditOrganization(
        // Blocked accounts are reported as errors (BlockedByOrganizationPolicy) without a session.
        { organizations: aws.organizations, rootSessions: await rootSessionsFor(aws, opts, out, opts.accounts) },
        { accountIds: opts.accounts, organizationalUnitId: opts.ou, concurrency: opts.concurrency },
        bar?.update,
      );
      // The HTML page says who ran it and where each account sits; the other formats never ask.
      const context: AuditRunContext | undefined =
        opts.format === "html"
          ? { caller: (await aws.organizations.callerIdentity()).arn, selection: selection(opts), tree: await organizationTree(aws.tree, out) }
          : undefined;
      return { report, context };
    });
    bar?.stop();
    writeReport(out, renderAudit(report, opts.format, out.color && !opts.output, context), opts.output);
    if (report.summary.errors > 0) return EXIT.aws;
    return opts.failOnCredentials && report.summary.withRootCredentials > 0 ? EXIT.findings : EXIT.ok;
  } finally {
    bar?.stop();
  }
}

/** The OU tree for the page's per-OU summary; without it (a caller that may not list OUs) the page has none. */
async function organizationTree(port: OrganizationTreePort, out: Output): Promise<OrganizationTree | undefined> {
  try {
    return await port.organizationTree();
  } catch (err) {
    if (!(err instanceof AwsError)) throw err;
    out.info(`root-access: no per-OU summary in the page: ${termText(err.message)}`);
    return undefined;
  }
}

function selection(opts: AuditOptions): string {
  if (opts.accounts) return `${opts.accounts.length} account${opts.accounts.length === 1 ? "" : "s"}: ${opts.accounts.join(", ")}`;
  if (opts.ou) return `accounts under ${opts.ou}`;
  return "every account";
}
