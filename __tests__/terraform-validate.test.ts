// Every synthesized stack checked against the real AWS provider schema (offline).
import { org, synthOrganization } from "./support/synth";
import { mkdtempSync, readdirSync, readFileSync, realpathSync, statSync, writeFileSync } from "node:fs";
import { App } from "cdktf";
import { addOrganizationStacks, completeHclOutput } from "../lib/app";
import { validateConfig } from "../lib/config/load-config";
import { parse as parseJsonc } from "jsonc-parser";
import { ROOT } from "./support/cli";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { forgetAnswersInMemory, schemaCacheStats } from "./support/schema-cache-proxy";
import { fieldsOf, trimProviderAnswer, typesIn, typesWeSynthesize } from "./support/provider-schema";
import { initStats, initWrote, requirementsKey } from "./support/init-copy";
import { providerBinaryUnder, shareProvider } from "./support/shared-provider";
import {
  describeWithTerraform,
  flat,
  initStack,
  mirroredProvider,
  runTerraform,
  terraform,
  terraformTest,
  testMirror,
  UNCONFIGURED,
  ValidateDiagnostic,
  validateHclStacks,
  validateStacks,
} from "./support/terraform";

const MGMT = "111111111111";

const OPTION_STACKS: Record<string, Record<string, unknown>> = {
  "the lab (organization mode, IAM only)": org({ name: "lab", trustedAccess: { mode: "organization" } }),
  "organization mode with import, principals, policy types, management account and delegated admin": org({
    managementAccountId: MGMT,
    delegatedAdministrator: { accountId: "222222222222" },
    trustedAccess: {
      mode: "organization",
      organizationId: "o-abc123defg",
      servicePrincipals: ["sso.amazonaws.com", "config.amazonaws.com"],
      enabledPolicyTypes: ["SERVICE_CONTROL_POLICY", "TAG_POLICY"],
    },
  }),
  "external mode": org({ trustedAccess: { mode: "external" } }),
  "external mode with management account and delegated admin": org({
    trustedAccess: { mode: "external" },
    managementAccountId: MGMT,
    delegatedAdministrator: { accountId: "222222222222" },
  }),
  "one feature only": org({ trustedAccess: { mode: "external" }, features: ["RootSessions"] }),
  "organization mode with every guardrail (roles in both accounts, SCP, alerts by email)": org({
    managementAccountId: MGMT,
    delegatedAdministrator: { accountId: "222222222222" },
    trustedAccess: { mode: "organization", enabledPolicyTypes: ["SERVICE_CONTROL_POLICY"] },
    guardrails: {
      operatorRoles: [
        {
          name: "Auditor",
          taskPolicies: ["IAMAuditRootUserCredentials"],
          trustedPrincipalArns: [`arn:aws:iam::${MGMT}:role/Security`],
          targetAccountIds: ["*"],
          requireMfa: true,
        },
        {
          name: "BreakGlass",
          taskPolicies: ["IAMDeleteRootUserCredentials"],
          trustedPrincipalArns: ["arn:aws:iam::222222222222:role/Ops"],
          targetAccountIds: ["333333333333"],
          in: "delegated-administrator",
        },
      ],
      delegatedAdministratorRoleArn: "arn:aws:iam::222222222222:role/terraform",
      denyRootScp: { targetIds: ["r-ab12", "ou-ab12-11111111"] },
      assumeRootAlerts: { emails: ["security@example.com"] },
    },
  }),
  "external mode with alerts to an existing topic": org({
    trustedAccess: { mode: "external" },
    guardrails: { assumeRootAlerts: { snsTopicArn: `arn:aws:sns:us-east-1:${MGMT}:alerts` }, denyRootScp: { targetIds: ["333333333333"] } },
  }),
  "S3 backend with profile and assumed role": org({
    trustedAccess: { mode: "organization" },
    provider: { profile: "mgmt", assumeRoleArn: `arn:aws:iam::${MGMT}:role/terraform` },
    backend: { type: "s3", bucket: "tf-state", key: "root/main.tfstate", useLockfile: true },
  }),
};

describeWithTerraform("terraform validate on every stack the mirrored provider can check", () => {
  const stacks = OPTION_STACKS;
  // Validation starts the 700 MB provider: the stacks are validated together, as modules of one root.
  let results: Record<string, ValidateDiagnostic[]>;
  // One stack the provider must refuse, validated with the others: proof that a module's error comes back to it.
  const broken = synthOrganization(org({ name: "broken", trustedAccess: { mode: "external" } })).json;
  Object.values(broken.resource!.aws_iam_organizations_features)[0].enabled_featurez = ["RootSessions"];
  beforeAll(async () => {
    results = await validateStacks({
      ...Object.fromEntries(Object.entries(stacks).map(([name, entry]) => [name, synthOrganization(entry).json])),
      broken,
    });
  });

  it("reports an invalid stack's error against that stack only", () => {
    expect(results.broken.map((d) => `${d.severity}: ${d.summary}`)).toEqual(["error: Extraneous JSON object property"]);
  });

  it.each(Object.keys(stacks))("accepts %s", (name) => {
    expect(results[name]).toEqual([]);
  });

  it("cannot check service-access stacks: the mirror's provider is older than the 6.41 they require, and init says so", async () => {
    const { init } = await initStack(synthOrganization(org()).json);
    expect(init.code).toBe(1);
    expect(init.stderr).toContain("no available releases match the given constraints >= 6.41.0, < 7.0.0");
  });
});

describeWithTerraform("examples/terraform-offline.tfrc", () => {
  (terraform.available && terraform.mirror === "/opt/tf-plugins" ? it : it.skip)(
    "installs hashicorp/aws from the mirror it names, downloading nothing",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "ra-offline-"));
      writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(synthOrganization(org({ trustedAccess: { mode: "external" } })).json));
      const init = await runTerraform(dir, ["init", "-backend=false", "-input=false", "-no-color"], {
        TF_CLI_CONFIG_FILE: join(__dirname, "..", "examples", "terraform-offline.tfrc"),
      });
      expect(init.stdout).toContain("Installing hashicorp/aws v5.100.0");
      expect(init.code).toBe(0);
    },
  );
});

// `cdktf synth --hcl`: the cdk.tf a reviewer reads, repaired after cdktf's renderer (lib/stacks/hcl-output.ts).
const HCL_EXAMPLES = ["lab.json", "multi-org.json", "sandbox.json", "hcp-terraform.json"];
const exampleEntries = (file: string): Record<string, unknown>[] => parseJsonc(readFileSync(join(ROOT, "examples", file), "utf8")).organizations;
const serviceAccess = (entry: Record<string, unknown>) =>
  ((entry.trustedAccess as { mode?: string } | undefined)?.mode ?? "service-access") === "service-access";
const hclCases: [string, Record<string, unknown>[], Record<string, unknown>][] = [
  ...HCL_EXAMPLES.flatMap((file) =>
    exampleEntries(file).map(
      (entry) => [`examples/${file}: ${String(entry.name)}`, exampleEntries(file), entry] as [string, Record<string, unknown>[], Record<string, unknown>],
    ),
  ),
  ...Object.entries(OPTION_STACKS).map(
    ([name, entry], i) =>
      [name, [{ ...entry, name: `option${i}` }], { ...entry, name: `option${i}` }] as [string, Record<string, unknown>[], Record<string, unknown>],
  ),
  [
    "stopManaging",
    [org({ name: "stop", managementAccountId: MGMT, trustedAccess: { mode: "organization" }, stopManaging: true })],
    org({ name: "stop", trustedAccess: { mode: "organization" } }),
  ],
  [
    "destroyDisables in organization mode",
    [org({ name: "destroys", managementAccountId: MGMT, trustedAccess: { mode: "organization" }, destroyDisables: true })],
    org({ name: "destroys", trustedAccess: { mode: "organization" } }),
  ],
];
const SKIPPED = "(skipped: service-access mode needs AWS provider >= 6.41, the mirror has " + (terraform.available ? terraform.providerVersion : "none") + ")";

describeWithTerraform("HCL output (cdktf synth --hcl) of every example and option, validated by terraform", () => {
  const results: Record<string, { hcl: string; diagnostics: ValidateDiagnostic[] }> = {};
  beforeAll(async () => {
    const checkable = hclCases.filter(([, , entry]) => !serviceAccess(entry));
    const hcl = Object.fromEntries(checkable.map(([title, entries, entry]) => [title, synthHcl(entries)[String(entry.name)]]));
    // Validated together, as modules of one root (one init, one provider), with one stack the
    // provider must refuse: proof that a module's error comes back to it, and only the backend warning is dropped.
    const broken = hcl["examples/sandbox.json: sandbox"].replace(
      /(resource "aws_iam_organizations_features" "[\w-]+" \{\n)/,
      '$1  enabled_featurez = ["RootSessions"]\n',
    );
    const diagnostics = await validateHclStacks({ ...hcl, broken });
    for (const title of Object.keys(hcl)) results[title] = { hcl: hcl[title], diagnostics: diagnostics[title] };
    brokenDiagnostics = diagnostics.broken;
  });

  let brokenDiagnostics: ValidateDiagnostic[] = [];
  it("reports an invalid stack's error against that stack only", () => {
    expect(brokenDiagnostics.map((d) => `${d.severity}: ${d.summary}`)).toEqual(["error: Unsupported argument"]);
  });

  it.each(hclCases.map(([title, , entry]) => [serviceAccess(entry) ? `${title} ${SKIPPED}` : title, serviceAccess(entry)] as const))(
    "%s: valid, no warnings",
    (title, skipped) => {
      if (skipped) return;
      expect(results[title].diagnostics.map((d) => `${d.severity}: ${d.summary}`)).toEqual([]);
    },
  );

  it("writes preconditions as blocks and references unquoted", () => {
    const { hcl } = results["examples/sandbox.json: sandbox"];
    expect(hcl).toMatch(/\n\s*precondition \{\n/);
    expect(hcl).not.toContain("precondition = [");
    expect(hcl).toMatch(/depends_on = \[\n\s*aws_organizations_organization\.[\w-]+,\n/);
  });
});

/** Stacks' cdk.tf as `cdktf synth --hcl` writes them (main.ts's steps, in this process). */
function synthHcl(organizations: Record<string, unknown>[]): Record<string, string> {
  const outdir = mkdtempSync(join(tmpdir(), "ra-hcl-out-"));
  // cdktf 0.21's stacks read the environment (not the App's hclOutput) to choose HCL, as `cdktf synth --hcl` sets it.
  const saved = process.env.SYNTH_HCL_OUTPUT;
  process.env.SYNTH_HCL_OUTPUT = "true";
  let stacks: ReturnType<typeof addOrganizationStacks>;
  try {
    const app = new App({ outdir, hclOutput: true, skipValidation: true });
    stacks = addOrganizationStacks(app, validateConfig({ organizations }, "test.json"));
    app.synth();
    completeHclOutput(app, stacks);
  } finally {
    if (saved === undefined) delete process.env.SYNTH_HCL_OUTPUT;
    else process.env.SYNTH_HCL_OUTPUT = saved;
  }
  return Object.fromEntries(stacks.map((s) => [s.node.id, readFileSync(join(outdir, "stacks", s.node.id, "cdk.tf"), "utf8")]));
}

describeWithTerraform("the schema cache in front of shared providers (support/schema-cache-proxy.ts)", () => {
  it("answers the schema and the provider-config check from memory, and terraform reports what the provider itself reports", async () => {
    const json = synthOrganization(org({ name: "cache", trustedAccess: { mode: "external" } })).json as any;
    // One resource with an argument the provider does not know: validate's diagnostics come from the real provider either way.
    const [type] = Object.keys(json.resource);
    const [name] = Object.keys(json.resource[type]);
    json.resource[type][name].not_an_argument = "x";
    const run = async (shared: boolean) => {
      const { dir, init } = await initStack(json);
      expect(init.code).toBe(0);
      if (shared) shareProvider(dir, UNCONFIGURED);
      const out = await runTerraform(dir, ["validate", "-json", "-no-color"]);
      return (JSON.parse(out.stdout).diagnostics as ValidateDiagnostic[]).map((d) => `${d.severity}: ${d.summary}`);
    };
    const direct = await run(false);
    expect(direct).toEqual([expect.stringMatching(/^error: (Unsupported argument|Extraneous JSON object property)$/)]);
    await run(true);
    const before = { ...schemaCacheStats };
    expect(await run(true)).toEqual(direct);
    // GetSchema and PrepareProviderConfig, both from memory (the check as a hit, or from a verdict another file of the run kept first).
    expect(schemaCacheStats.hits + schemaCacheStats.verdicts - before.hits - before.verdicts).toBeGreaterThanOrEqual(2);
  });

  it("keeps the provider's verdicts on configurations for the run: one that differs only in a loopback URL's port is answered with itself, one with an error is asked each time", async () => {
    // A max_retries no other test uses, so no verdict of an earlier file in this run answers the first command. A
    // loopback URL outside the endpoints block: the provider checks that block (the sandbox's) for about 4 s.
    const retries = 1000 + Math.floor(Math.random() * 1_000_000);
    const stack = (port: number, assumeRole?: Record<string, string>) => {
      const json = synthOrganization(org({ name: "verdict", trustedAccess: { mode: "external" } })).json as any;
      Object.assign(
        json.provider.aws[0],
        { max_retries: retries, ec2_metadata_service_endpoint: `http://127.0.0.1:${port}` },
        assumeRole ? { assume_role: [assumeRole] } : {},
      );
      return json;
    };
    // One folder (one init), its stack rewritten for each command.
    const { dir, init } = await initStack(stack(41001));
    expect(init.code).toBe(0);
    shareProvider(dir, UNCONFIGURED);
    const validate = async (port: number, assumeRole?: Record<string, string>) => {
      writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(stack(port, assumeRole)));
      const before = { ...schemaCacheStats };
      const out = JSON.parse((await runTerraform(dir, ["validate", "-json", "-no-color"])).stdout);
      return {
        diagnostics: (out.diagnostics as ValidateDiagnostic[]).map((d) => `${d.severity}: ${d.summary}`),
        verdicts: schemaCacheStats.verdicts - before.verdicts,
        asked: schemaCacheStats.configChecks - before.configChecks,
      };
    };
    // The first asks the provider; the second, on another port, is answered from its verdict.
    expect(await validate(41001)).toEqual({ diagnostics: [], verdicts: 0, asked: 1 });
    expect(await validate(41002)).toEqual({ diagnostics: [], verdicts: 1, asked: 0 });
    // Another value is asked again.
    expect(await validate(41001, { role_arn: "arn:aws:iam::111111111111:role/x" })).toEqual({ diagnostics: [], verdicts: 0, asked: 1 });
    // An invalid configuration gets the provider's own error, on every port: an answer with diagnostics is never kept.
    const bad = { role_arn: "arn:aws:iam::111111111111:role/x", duration: "bogus" };
    const error = ['error: "assume_role.0.duration" cannot be parsed as a duration: time: invalid duration "bogus"'];
    expect(await validate(41001, bad)).toEqual({ diagnostics: error, verdicts: 0, asked: 1 });
    expect(await validate(41002, bad)).toEqual({ diagnostics: error, verdicts: 0, asked: 1 });
  });

  it("installs the provider from the test mirror: the real mirror's package with its binary replaced by a script that execs it (what terraform hashes)", () => {
    if (!terraform.available) throw new Error("unreachable");
    const platforms = join(testMirror(), "registry.terraform.io", "hashicorp", "aws", terraform.providerVersion);
    const script = providerBinaryUnder(join(testMirror(), "registry.terraform.io", "hashicorp", "aws"), [terraform.providerVersion])!;
    expect(readFileSync(script, "utf8")).toBe(`#!/bin/sh\nexec ${JSON.stringify(realpathSync(mirroredProvider()))} "$@"\n`);
    expect(statSync(script).mode & 0o111).not.toBe(0);
    // Every other file of the package is the real mirror's.
    const [platform] = readdirSync(platforms);
    const real = join(terraform.mirror, "registry.terraform.io", "hashicorp", "aws", terraform.providerVersion, platform);
    expect(readdirSync(join(platforms, platform)).sort()).toEqual(readdirSync(real).sort());
    for (const name of readdirSync(real).filter((n) => !n.startsWith("terraform-provider-"))) {
      expect(realpathSync(join(platforms, platform, name))).toBe(realpathSync(join(real, name)));
    }
  });

  it("gives a folder with the providers of an earlier one a copy of its init: what terraform init itself writes there", async () => {
    const json = synthOrganization(org({ name: "copied", trustedAccess: { mode: "external" } })).json as any;
    await initStack(json);
    const before = { ...initStats };
    const { dir, init } = await initStack(json);
    expect(init.code).toBe(0);
    expect(initStats).toEqual({ runs: before.runs, copies: before.copies + 1 });
    // What init writes in a folder of its own.
    const own = mkdtempSync(join(tmpdir(), "ra-tf-own-"));
    writeFileSync(join(own, "cdk.tf.json"), JSON.stringify(json));
    expect((await runTerraform(own, ["init", "-backend=false", "-input=false", "-no-color"])).code).toBe(0);
    expect(initWrote(dir)).toEqual(initWrote(own));
    expect(initWrote(dir)!.filter((e) => e.link)).toEqual([
      { path: expect.stringMatching(/^\.terraform\/providers\/registry\.terraform\.io\/hashicorp\/aws\/[\d.]+\/linux_amd64$/), link: expect.any(String) },
    ]);
    expect(readFileSync(join(dir, ".terraform.lock.hcl"), "utf8")).toBe(readFileSync(join(own, ".terraform.lock.hcl"), "utf8"));
    // Terraform takes the copy as initialized.
    shareProvider(dir, UNCONFIGURED);
    expect(JSON.parse((await runTerraform(dir, ["validate", "-json", "-no-color"])).stdout)).toMatchObject({ valid: true, error_count: 0 });
    // A folder whose init may do more than link providers (modules, any other file) is always initialized by terraform.
    const withModule = mkdtempSync(join(tmpdir(), "ra-tf-module-"));
    writeFileSync(join(withModule, "cdk.tf.json"), JSON.stringify({ ...json, module: { m: { source: "./m" } } }));
    const withOther = mkdtempSync(join(tmpdir(), "ra-tf-other-"));
    writeFileSync(join(withOther, "cdk.tf.json"), JSON.stringify(json));
    writeFileSync(join(withOther, "extra.tf"), "");
    // (dir has terraform's files now: a folder initialized before is initialized by terraform again.)
    expect([withModule, withOther, dir].map(requirementsKey)).toEqual([undefined, undefined, undefined]);
  });

  it("keeps the schema for the whole run: a file that asks for it after another did gets it without a provider, and terraform test with a mocked provider starts none", async () => {
    const json = synthOrganization(org({ name: "kept", trustedAccess: { mode: "organization" } })).json;
    // An earlier file's (or this one's) answer is in the run's folder; this file's memory is cleared, as in a new file.
    expect(flat(await terraformTest(json, `run "plan" {\n  command = plan\n}`))).toContain('run "plan"... pass');
    forgetAnswersInMemory();
    const before = { ...schemaCacheStats };
    const result = await terraformTest(json, `run "plan" {\n  command = plan\n}`);
    expect(result.stdout).toMatch(/run "plan"\.\.\. pass/);
    expect(result.code).toBe(0);
    expect({ processes: schemaCacheStats.processes - before.processes, misses: schemaCacheStats.misses - before.misses }).toEqual({ processes: 0, misses: 0 });
    expect(schemaCacheStats.hits - before.hits).toBeGreaterThanOrEqual(1);
  });

  it("keeps the provider's validation of a resource's configuration: an invalid one gets the provider's own error again, without asking it", async () => {
    // A value no other run used, so the first validation is the provider's.
    // 13 digits: never an account ID.
    const bogus = String(1_000_000_000_000 + Math.floor(Math.random() * 8_000_000_000_000));
    const json = synthOrganization(org({ name: "kept", trustedAccess: { mode: "external" }, delegatedAdministrator: { accountId: "222222222222" } }))
      .json as any;
    Object.values(json.resource.aws_organizations_delegated_administrator as Record<string, { account_id: string }>)[0].account_id = bogus;
    const { dir, init } = await initStack(json);
    expect(init.code).toBe(0);
    shareProvider(dir, UNCONFIGURED);
    const validate = async () => {
      const before = { ...schemaCacheStats };
      const out = JSON.parse((await runTerraform(dir, ["validate", "-json", "-no-color"])).stdout);
      return {
        diagnostics: (out.diagnostics as ValidateDiagnostic[]).map((d) => `${d.severity}: ${d.summary}`),
        asked: schemaCacheStats.misses + schemaCacheStats.forwarded - before.misses - before.forwarded,
      };
    };
    const first = await validate();
    expect(first.diagnostics).toEqual([`error: "account_id" doesn't look like AWS Account ID (exactly 12 digits): "${bogus}"`]);
    expect(first.asked).toBeGreaterThanOrEqual(1);
    forgetAnswersInMemory();
    expect(await validate()).toEqual({ diagnostics: first.diagnostics, asked: 0 });
  });

  it("starts one provider process for validations side by side: calls made before a configuration share it", async () => {
    // A delegated administrator no other run used: the run keeps the validations of resources it saw.
    const admin = String(300_000_000_000 + Math.floor(Math.random() * 99_999_999_999));
    const json = synthOrganization(org({ name: "side", trustedAccess: { mode: "external" }, delegatedAdministrator: { accountId: admin } })).json;
    const dirs = await Promise.all(
      [1, 2, 3].map(async () => {
        const { dir, init } = await initStack(json);
        expect(init.code).toBe(0);
        // A pool of their own, so the count starts at zero.
        shareProvider(dir, "side-by-side");
        return dir;
      }),
    );
    const before = schemaCacheStats.processes;
    const runs = await Promise.all(dirs.map((dir) => runTerraform(dir, ["validate", "-json", "-no-color"])));
    expect(runs.map((r) => JSON.parse(r.stdout).valid)).toEqual([true, true, true]);
    expect(schemaCacheStats.processes - before).toBe(1);
  });

  it("sends terraform only the types lib/ writes, each as the provider sent it, so a type left out fails and never passes", async () => {
    const json = synthOrganization(org({ name: "types", trustedAccess: { mode: "external" } })).json as any;
    json.resource.aws_s3_bucket = { extra: { bucket: "b" } };
    const { dir, init } = await initStack(json);
    expect(init.code).toBe(0);
    shareProvider(dir, UNCONFIGURED);
    const out = JSON.parse((await runTerraform(dir, ["validate", "-json", "-no-color"])).stdout);
    expect(out.diagnostics.map((d: ValidateDiagnostic) => `${d.severity}: ${d.summary}: ${d.detail}`)).toEqual([
      'error: Invalid resource type: The provider hashicorp/aws does not support resource type "aws_s3_bucket".',
    ]);

    const path = "/tfplugin5.Provider/GetSchema";
    const full = schemaCacheStats.untrimmed.get(path)!;
    const all = typesIn(path, full);
    // The provider has the type: only the trimming refused it.
    expect(all.resources).toContain("aws_s3_bucket");
    expect(all.resources.length).toBeGreaterThan(1000);
    const ours = typesWeSynthesize();
    const sent = trimProviderAnswer(path, full);
    expect(typesIn(path, sent)).toEqual({
      resources: all.resources.filter((t) => ours.resources.has(t)),
      dataSources: all.dataSources.filter((t) => ours.dataSources.has(t)),
      ephemeral: [],
    });
    // Every type lib/ writes is in the mirrored provider, but the one it is too old for.
    expect([...ours.resources].filter((t) => !all.resources.includes(t))).toEqual(["aws_organizations_aws_service_access"]);
    expect([...ours.dataSources].filter((t) => !all.dataSources.includes(t))).toEqual([]);
    expect([...ours.resources].sort()).toContain("aws_iam_organizations_features");
    // Byte for byte: each field sent is a field of the provider's answer, and every field that is not a type is sent.
    const provided = new Set(fieldsOf(full).map((f) => f.raw.toString("base64")));
    expect(fieldsOf(sent).filter((f) => !provided.has(f.raw.toString("base64")))).toEqual([]);
    const notTypes = (frame: Buffer) =>
      fieldsOf(frame)
        .filter((f) => ![2, 3, 8].includes(f.number))
        .map((f) => f.raw.toString("base64"));
    expect(notTypes(sent)).toEqual(notTypes(full));
    expect(notTypes(full).length).toBeGreaterThan(0);
  });
});
