import { loadOrganizationsConfig, readConfigFile } from "../../config/load-config";
import { OrganizationConfig } from "../../config/schema";
import { checkOrganization, Finding, needsAttention, TrailFacts } from "../../domain/check";
import type { RootUserSummaryPort, TrailsPort } from "../../domain/ports";
import type { ManagementRootFacts } from "../../domain/management-root";
import { discoverOrganization } from "../../domain/discover";
import { AwsError, unknownOrganization } from "../../errors";
import { CommandResult, GlobalOptions, withAws } from "../command";
import { EXIT } from "../exit-codes";
import { processOutput } from "../output";
import type { CheckFormat } from "../formats";
import { renderCheck } from "../render/check";

export interface CheckOptions extends GlobalOptions {
  readonly config?: string;
  readonly name?: string;
  readonly format: CheckFormat;
}

export async function run(opts: CheckOptions): CommandResult {
  const { config, source } = opts.config ? { config: readConfigFile(opts.config), source: opts.config } : loadOrganizationsConfig();
  const organizations = config.organizations.filter((o) => !opts.name || o.name === opts.name);
  if (organizations.length === 0) {
    throw unknownOrganization(`--name ${opts.name}: no such organization in the config; expected one of ${config.organizations.map((o) => o.name).join(", ")}`);
  }
  const out = processOutput(!opts.color);
  // Which config was checked, first: without a file, check quietly checking the embedded default misled people.
  out.info(
    `checking ${organizations.map((o) => `"${o.name}"`).join(", ")} from ${source === "embedded default" ? "the embedded default config (no --config, ROOT_ACCESS_CONFIG or organizations.json)" : source}`,
  );
  const findings: Finding[] = [];
  const callers: string[] = [];
  let awsErrors = 0;
  // One organization at a time: each may use other credentials, and the calls per organization are few.
  for (const org of organizations) {
    try {
      const checked = await checkOne(org, opts);
      findings.push(...checked.findings);
      callers.push(checked.caller);
    } catch (err) {
      if (!(err instanceof AwsError)) throw err;
      awsErrors += 1;
      findings.push({ organization: org.name, severity: "error", code: "aws-error", message: err.message });
    }
  }
  out.report(renderCheck(findings, opts.format, out.color, { source, generatedAt: new Date().toISOString(), callers }));
  if (awsErrors > 0) return EXIT.aws;
  return needsAttention(findings) ? EXIT.findings : EXIT.ok;
}

function checkOne(org: OrganizationConfig, opts: CheckOptions): Promise<{ findings: Finding[]; caller: string }> {
  const context = { profile: opts.profile ?? org.provider?.profile, assumeRoleArn: org.provider?.assumeRoleArn, region: opts.region ?? org.region };
  return withAws(context, async (aws) => {
    const facts = await discoverOrganization(aws.organizations);
    // Alerts fire only where a trail logs management events: look in the calling account, in the region of the stack's rules.
    const trails = org.guardrails?.assumeRootAlerts ? await trailFacts(aws.trails, aws.region) : undefined;
    // The management account's own root is visible only from that account.
    const managementRoot = facts.caller.accountId === facts.managementAccountId ? await rootUserFacts(aws.accountSummary) : undefined;
    return { findings: checkOrganization(org, facts, trails, managementRoot), caller: facts.caller.arn };
  });
}

async function rootUserFacts(port: RootUserSummaryPort): Promise<ManagementRootFacts> {
  try {
    return { summary: await port.rootUserSummary() };
  } catch (err) {
    if (!(err instanceof AwsError)) throw err;
    return { error: { code: err.code, message: err.message } };
  }
}

async function trailFacts(port: TrailsPort, region: string): Promise<TrailFacts> {
  try {
    return { region, trails: await port.trails() };
  } catch (err) {
    if (!(err instanceof AwsError)) throw err;
    return { region, error: { code: err.code, message: err.message } };
  }
}
