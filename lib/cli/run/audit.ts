import { SingleBar } from "cli-progress";
import { auditOrganization, AuditProgress } from "../../domain/audit";
import { CommandResult, GlobalOptions, withAws } from "../command";
import { loadOrganizationsConfig } from "../../config/load-config";
import { EXIT } from "../exit-codes";
import { Output, processOutput, writeReport } from "../output";
import type { AuditFormat } from "../formats";
import { renderAudit } from "../render/audit-report";
import type { AuditRunContext } from "../render/audit-html";
import type { OrganizationTree, OrganizationTreePort } from "../../domain/ports";
import { AwsError } from "../../errors";
import { termText } from "../render/safe-text";
import { alertSessionRegion } from "../session-region";

export interface AuditOptions extends GlobalOptions {
  readonly accounts?: string[];
  readonly ou?: string;
  readonly format: AuditFormat;
  readonly concurrency: number;
  readonly output?: string;
  readonly failOnCredentials?: boolean;
}

export async function run(opts: AuditOptions): CommandResult {
  const out = processOutput(!opts.color);
  const bar = progressBar(out);
  try {
    const sessionRegion = alertSessionRegion(out, loadOrganizationsConfig(), opts.region ?? process.env.AWS_REGION);
    const { report, context } = await withAws({ profile: opts.profile, region: opts.region, sessionRegion }, async (aws) => {
      const report = await auditOrganization(
        { organizations: aws.organizations, rootSessions: aws.rootSessions },
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

/**
 * A progress bar on stderr, only when stderr is a terminal. Until every account is listed the total
 * is not known: it shows a count with "listing accounts" instead of a bar that looks full.
 */
function progressBar(out: Output): { update: (p: AuditProgress) => void; stop: () => void } | undefined {
  if (!out.stderrIsTty) return undefined;
  const started = performance.now();
  const bar = new SingleBar({
    format: (options, params, payload: { errors: number; rate: string; listed: boolean }) => {
      const tail = `${payload.errors} errors | ${payload.rate}/s`;
      if (!payload.listed) return `auditing ${params.value} accounts so far, listing accounts... | ${tail}`;
      const width = options.barsize ?? 40;
      const filled = Math.round((params.progress ?? 0) * width);
      const eta = Number.isFinite(params.eta) ? `${Math.max(0, Math.round(params.eta))}s` : "-";
      return `auditing ${"\u2588".repeat(filled)}${"\u2591".repeat(width - filled)} ${params.value}/${params.total} accounts | ${tail} | eta ${eta}`;
    },
    stream: process.stderr,
    hideCursor: true,
    clearOnComplete: true,
  });
  let running = false;
  let stopped = false;
  return {
    update: (p) => {
      if (stopped) return;
      const payload = { errors: p.errors, rate: (p.done / Math.max((performance.now() - started) / 1000, 0.001)).toFixed(1), listed: p.listed };
      if (!running) {
        bar.start(Math.max(p.total, 1), p.done, payload);
        running = true;
      }
      bar.setTotal(Math.max(p.total, 1));
      bar.update(p.done, payload);
    },
    stop: () => {
      if (running && !stopped) bar.stop();
      stopped = true;
    },
  };
}
