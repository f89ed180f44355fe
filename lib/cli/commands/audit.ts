import { Command, InvalidArgumentError, Option } from "commander";
import { SingleBar } from "cli-progress";
import { createClients } from "../../aws/clients";
import { OrganizationsApi } from "../../aws/organizations-api";
import { RootSessionOpener } from "../../aws/root-session";
import { ACCOUNT_ID } from "../../config/patterns";
import { auditOrganization, AuditProgress, DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from "../../domain/audit";
import { EXIT } from "../exit-codes";
import type { CommandResult, GlobalOptions } from "../main";
import { Output, processOutput, writeReport } from "../output";
import { AUDIT_FORMATS, AuditFormat, renderAudit } from "../render/audit-report";

interface AuditOptions extends GlobalOptions {
  readonly accounts?: string[];
  readonly ou?: string;
  readonly format: AuditFormat;
  readonly concurrency: number;
  readonly output?: string;
  readonly failOnCredentials?: boolean;
}

export function parseAccountIds(value: string): string[] {
  const ids = value.split(",").map((s) => s.trim()).filter(Boolean);
  const bad = ids.find((id) => !ACCOUNT_ID.test(id));
  if (ids.length === 0 || bad !== undefined) throw new InvalidArgumentError(`${JSON.stringify(bad ?? value)} is not an AWS account ID; expected 12 digits (comma-separated for several)`);
  return [...new Set(ids)];
}

function parseConcurrency(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_CONCURRENCY) throw new InvalidArgumentError(`expected a whole number from 1 to ${MAX_CONCURRENCY}`);
  return n;
}

function parseParentId(value: string): string {
  if (!/^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/.test(value)) throw new InvalidArgumentError("expected an OU ID (ou-xxxx-xxxxxxxx) or a root ID (r-xxxx)");
  return value;
}

export function registerAudit(program: Command, wrap: (fn: (o: AuditOptions, c: Command) => CommandResult) => (...a: any[]) => Promise<void>): void {
  program
    .command("audit")
    .description("audit the root credentials of every member account (root sessions with IAMAuditRootUserCredentials)")
    .addOption(new Option("--accounts <ids>", "only these account IDs, comma-separated").argParser(parseAccountIds).conflicts("ou"))
    .addOption(new Option("--ou <id>", "only accounts under this OU (or root), recursively").argParser(parseParentId))
    .addOption(new Option("--format <format>", "report format").choices(AUDIT_FORMATS).default("table"))
    .addOption(new Option("--concurrency <n>", `accounts audited at once (1-${MAX_CONCURRENCY})`).argParser(parseConcurrency).default(DEFAULT_CONCURRENCY))
    .option("--output <file>", "write the report to this file instead of stdout")
    .option("--fail-on-credentials", "exit 1 when any audited account has root credentials")
    .action(wrap((_o, cmd) => runAudit(cmd.optsWithGlobals<AuditOptions>())));
}

async function runAudit(opts: AuditOptions): CommandResult {
  const out = processOutput(!opts.color);
  const clients = createClients({ profile: opts.profile, region: opts.region });
  const rootSessions = new RootSessionOpener(clients.options);
  const bar = progressBar(out);
  try {
    const report = await auditOrganization(
      { organizations: new OrganizationsApi(clients), rootSessions },
      { accountIds: opts.accounts, organizationalUnitId: opts.ou, concurrency: opts.concurrency },
      bar?.update,
    );
    bar?.stop();
    writeReport(out, renderAudit(report, opts.format, out.color && !opts.output), opts.output);
    if (report.summary.errors > 0) return EXIT.aws;
    return opts.failOnCredentials && report.summary.withRootCredentials > 0 ? EXIT.findings : EXIT.ok;
  } finally {
    bar?.stop();
    rootSessions.destroy();
  }
}

/** A progress bar on stderr, only when stderr is a terminal. */
function progressBar(out: Output): { update: (p: AuditProgress) => void; stop: () => void } | undefined {
  if (!out.stderrIsTty) return undefined;
  const started = performance.now();
  const bar = new SingleBar({
    format: "auditing {bar} {value}/{total} accounts | {errors} errors | {rate}/s | eta {eta_formatted}",
    stream: process.stderr,
    hideCursor: true,
    clearOnComplete: true,
  });
  let running = false;
  let stopped = false;
  return {
    update: (p) => {
      if (stopped) return;
      const payload = { errors: p.errors, rate: (p.done / Math.max((performance.now() - started) / 1000, 0.001)).toFixed(1) };
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
