import { Command, Option } from "commander";
import { AwsError } from "../../aws/aws-error";
import { createClients } from "../../aws/clients";
import { OrganizationsApi } from "../../aws/organizations-api";
import { loadOrganizationsConfig, readConfigFile } from "../../config/load-config";
import { OrganizationConfig } from "../../config/schema";
import { checkOrganization, Finding, needsAttention } from "../../domain/check";
import { discoverOrganization } from "../../domain/discover";
import { UserError } from "../../errors";
import { EXIT } from "../exit-codes";
import type { CommandResult, GlobalOptions } from "../main";
import { markdownTable, Output, paint, processOutput } from "../output";

interface CheckOptions extends GlobalOptions {
  readonly config?: string;
  readonly name?: string;
  readonly format: "text" | "json" | "markdown";
}

export function registerCheck(program: Command, wrap: (fn: (o: CheckOptions, c: Command) => CommandResult) => (...a: any[]) => Promise<void>): void {
  program
    .command("check")
    .description("compare each configured organization with the live one: features on, trusted access, what a deploy would disable")
    .option("--config <file>", "organizations config (default: ROOT_ACCESS_CONFIG, organizations.json, or the embedded default)")
    .option("--name <name>", "check only this organization")
    .addOption(new Option("--format <format>", "output format (markdown for a pull-request comment)").choices(["text", "json", "markdown"]).default("text"))
    .action(wrap((_o, cmd) => runCheck(cmd.optsWithGlobals<CheckOptions>())));
}

async function runCheck(opts: CheckOptions): CommandResult {
  const config = opts.config ? readConfigFile(opts.config) : loadOrganizationsConfig().config;
  const organizations = config.organizations.filter((o) => !opts.name || o.name === opts.name);
  if (organizations.length === 0) {
    throw new UserError("UnknownOrganization", `--name ${opts.name}: no such organization in the config; expected one of ${config.organizations.map((o) => o.name).join(", ")}`);
  }
  const out = processOutput(!opts.color);
  const findings: Finding[] = [];
  let awsErrors = 0;
  // One organization at a time: each may use other credentials, and the calls per organization are few.
  for (const org of organizations) {
    try {
      findings.push(...(await checkOne(org, opts)));
    } catch (err) {
      if (!(err instanceof AwsError)) throw err;
      awsErrors += 1;
      findings.push({ organization: org.name, severity: "error", code: "aws-error", message: err.message });
    }
  }
  render(out, opts.format, findings);
  if (awsErrors > 0) return EXIT.aws;
  return needsAttention(findings) ? EXIT.findings : EXIT.ok;
}

async function checkOne(org: OrganizationConfig, opts: CheckOptions): Promise<Finding[]> {
  const clients = createClients({
    profile: opts.profile ?? org.provider?.profile,
    assumeRoleArn: org.provider?.assumeRoleArn,
    region: opts.region ?? org.region,
  });
  return checkOrganization(org, await discoverOrganization(new OrganizationsApi(clients)));
}

const LABEL = { error: "ERROR", warning: "WARN ", info: "info ", ok: "ok   " } as const;
const STYLE = { error: "red", warning: "yellow", info: "dim", ok: "green" } as const;

function render(out: Output, format: CheckOptions["format"], findings: Finding[]): void {
  const counts = (list: Finding[]) => ({
    errors: list.filter((f) => f.severity === "error").length,
    warnings: list.filter((f) => f.severity === "warning").length,
  });
  if (format === "json") {
    out.report(JSON.stringify({ findings, summary: { ...counts(findings), needsAttention: needsAttention(findings) } }, null, 2));
    return;
  }
  const names = [...new Set(findings.map((f) => f.organization))];
  if (format === "markdown") {
    const { errors, warnings } = counts(findings);
    const verdict = errors + warnings === 0 ? "✅ Root access management is in order" : `❌ ${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`;
    const icon = { error: "❌", warning: "⚠️", info: "ℹ️", ok: "✅" } as const;
    out.report(`### root-access check: ${verdict}\n\n${markdownTable(["", "Organization", "Check", "Finding"], findings.map((f) => [icon[f.severity], f.organization, `\`${f.code}\``, f.message]))}`);
    return;
  }
  const lines: string[] = [];
  for (const name of names) {
    const mine = findings.filter((f) => f.organization === name);
    const { errors, warnings } = counts(mine);
    for (const f of mine) lines.push(`${name}  ${paint(out.color, STYLE[f.severity], LABEL[f.severity])}  ${f.message}`);
    lines.push(`${name}: ${errors + warnings === 0 ? "in order" : `${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`}`);
  }
  out.report(lines.join("\n"));
}
