// The app entry point: main.ts run the way `cdktf synth` does (node --import tsx main.ts, a process
// of its own) for the default and for bad input; the other cases run runApp, what main.ts runs, in
// this process with the same environment (each tsx start cost about 1.8 CPU-seconds).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { organizationsJsonSchema } from "../lib/config/json-schema";
import { runApp } from "../lib/run-app";

const root = join(__dirname, "..");

interface AppRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly outdir: string;
  stack(name: string): any;
}

function appEnv(env: Record<string, string>) {
  const outdir = join(mkdtempSync(join(tmpdir(), "ra-main-")), "out");
  return { outdir, env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR ?? "/tmp", CDKTF_OUTDIR: outdir, ...env } };
}

function appRun(outdir: string, status: number | null, stdout: string, stderr: string): AppRun {
  return { status, stdout, stderr, outdir, stack: (name) => JSON.parse(readFileSync(join(outdir, "stacks", name, "cdk.tf.json"), "utf8")) };
}

/** main.ts as a process of its own, as cdktf.json's `app` starts it. */
function runMain(env: Record<string, string>): AppRun {
  const { outdir, env: childEnv } = appEnv(env);
  const result = spawnSync(process.execPath, ["--import", "tsx", "main.ts"], { cwd: root, env: childEnv, encoding: "utf8" });
  return appRun(outdir, result.status, result.stdout, result.stderr);
}

/** What main.ts runs, in this process, with only `env` as its environment and its output captured. */
function runInProcess(env: Record<string, string>): AppRun {
  const { outdir, env: appEnvironment } = appEnv(env);
  const saved = process.env;
  let stdout = "";
  let stderr = "";
  process.env = appEnvironment;
  try {
    const status = runApp({ stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
    return appRun(outdir, status, stdout, stderr);
  } finally {
    process.env = saved;
  }
}

describe("main.ts", () => {
  it("synthesizes the embedded default: one stack, service access, features after it, outputs", () => {
    const run = runMain({ ROOT_ACCESS_CONFIG: "" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(readdirSync(join(run.outdir, "stacks"))).toEqual(["default"]);
    const json = run.stack("default");
    const [accessName] = Object.keys(json.resource.aws_organizations_aws_service_access);
    expect(json.resource.aws_organizations_aws_service_access[accessName].service_principal).toBe("iam.amazonaws.com");
    const features = Object.values(json.resource.aws_iam_organizations_features)[0] as any;
    expect(features.enabled_features).toEqual(["RootCredentialsManagement", "RootSessions"]);
    expect(features.depends_on).toEqual([`aws_organizations_aws_service_access.${accessName}`]);
    expect(Object.keys(json.output).sort()).toEqual(["enabled_features", "organization_id"]);
    expect(json.provider.aws).toEqual([{ region: "us-east-1" }]);
  });

  it("synthesizes the lab: the organization with IAM only and prevent_destroy, then the features", () => {
    const run = runInProcess({ ROOT_ACCESS_CONFIG: "examples/lab.json" });
    expect(run.status).toBe(0);
    const json = run.stack("lab");
    const [orgName] = Object.keys(json.resource.aws_organizations_organization);
    const organization = json.resource.aws_organizations_organization[orgName];
    expect(organization).toMatchObject({
      aws_service_access_principals: ["iam.amazonaws.com"],
      feature_set: "ALL",
      lifecycle: { prevent_destroy: true, ignore_changes: ["enabled_policy_types"] },
    });
    const features = Object.values(json.resource.aws_iam_organizations_features)[0] as any;
    expect(features.depends_on).toEqual([`aws_organizations_organization.${orgName}`]);
    expect(Object.keys(json.resource).sort()).toEqual(["aws_iam_organizations_features", "aws_organizations_organization"]);
    // Sandbox endpoints are off by default (ROOT_ACCESS_ENDPOINT_URL unset).
    expect(json.provider.aws).toEqual([{ region: "us-east-1" }]);
  });

  it("synthesizes every organization of the multi-org example", () => {
    const run = runInProcess({ ROOT_ACCESS_CONFIG: "examples/multi-org.json" });
    expect(run.status).toBe(0);
    expect(readdirSync(join(run.outdir, "stacks")).sort()).toEqual(["production", "sandbox"]);
    expect(run.stack("sandbox").import).toEqual([{ to: expect.stringMatching(/^aws_organizations_organization\./), id: "o-sandbox1234" }]);
  });

  it("refuses a bad config with one line per problem, exit 2, no stack trace and nothing written", () => {
    const dir = mkdtempSync(join(tmpdir(), "ra-bad-"));
    const file = join(dir, "orgs.json");
    writeFileSync(file, JSON.stringify({ organizations: [{ name: "main", region: "us-east-1", features: ["RootSession"], managementAccountId: "1" }] }));
    const run = runMain({ ROOT_ACCESS_CONFIG: file });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.trim().split("\n")).toEqual([
      `${file}: organizations[0].managementAccountId: "1" is not an AWS account ID; expected 12 digits`,
      `${file}: organizations[0].features[0]: "RootSession" is not a feature; expected RootCredentialsManagement or RootSessions`,
    ]);
    expect(existsSync(run.outdir)).toBe(false);
  });
});

describe("sandbox endpoints (ROOT_ACCESS_ENDPOINT_URL)", () => {
  /** examples/multi-org.json with local state (a sandbox refuses remote state). */
  function multiOrgLocal(): string {
    const config = JSON.parse(readFileSync(join(root, "examples", "multi-org.json"), "utf8"));
    for (const org of config.organizations) delete org.backend;
    delete config.$schema;
    const file = join(mkdtempSync(join(tmpdir(), "ra-sandbox-")), "organizations.json");
    writeFileSync(file, JSON.stringify(config));
    return file;
  }

  it("refuses a config whose state is remote: a sandbox deploy would overwrite the real state", () => {
    const run = runInProcess({ ROOT_ACCESS_CONFIG: "examples/multi-org.json", ROOT_ACCESS_ENDPOINT_URL: "http://127.0.0.1:4566" });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'ROOT_ACCESS_ENDPOINT_URL is set (sandbox): organization "production" keeps its state in s3://prod-terraform-state/root-access/production.tfstate, which a sandbox deploy would overwrite with the fake organization\'s state; use a config with a local backend for the sandbox (examples/sandbox.json), or unset ROOT_ACCESS_ENDPOINT_URL\n',
    );
    expect(existsSync(run.outdir)).toBe(false);
  });

  it("points every AWS provider at the endpoint with dummy credentials and says so in one line", () => {
    const run = runInProcess({ ROOT_ACCESS_CONFIG: multiOrgLocal(), ROOT_ACCESS_ENDPOINT_URL: "http://127.0.0.1:4566" });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe("ROOT_ACCESS_ENDPOINT_URL is set: every AWS provider calls http://127.0.0.1:4566 with dummy credentials (sandbox, not AWS)\n");
    const providers = run.stack("production").provider.aws;
    expect(providers).toHaveLength(2);
    for (const p of providers) {
      expect(p).toMatchObject({
        access_key: "sandbox",
        secret_key: "sandbox",
        skip_credentials_validation: true,
        skip_requesting_account_id: true,
        skip_metadata_api_check: "true",
        skip_region_validation: true,
        endpoints: [
          {
            organizations: "http://127.0.0.1:4566",
            iam: "http://127.0.0.1:4566",
            sts: "http://127.0.0.1:4566",
            sns: "http://127.0.0.1:4566",
            events: "http://127.0.0.1:4566",
            s3: "http://127.0.0.1:4566",
            sqs: "http://127.0.0.1:4566",
          },
        ],
      });
      expect(p.profile).toBeUndefined();
    }
  });

  // Off by default: the lab's synthesis above has the plain provider.

  it("refuses a value that is not a URL", () => {
    const run = runInProcess({ ROOT_ACCESS_CONFIG: "examples/lab.json", ROOT_ACCESS_ENDPOINT_URL: "localhost" });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('ROOT_ACCESS_ENDPOINT_URL: "localhost" is not a URL; expected e.g. http://127.0.0.1:4566\n');
  });
});

describe("the published JSON Schema", () => {
  it("is up to date with the config schema (npm run schema)", () => {
    const committed = JSON.parse(readFileSync(join(root, "schema", "organizations.schema.json"), "utf8"));
    expect(committed).toEqual(organizationsJsonSchema());
  });

  it("describes the organizations list, its keys and the allowed features", () => {
    const schema = organizationsJsonSchema() as any;
    const item = schema.properties.organizations.items;
    expect(item.required).toEqual(["name", "region"]);
    expect(item.additionalProperties).toBe(false);
    expect(item.properties.features.items.enum).toEqual(["RootCredentialsManagement", "RootSessions"]);
  });
});

describe("HCL output (cdktf synth --hcl sets SYNTH_HCL_OUTPUT)", () => {
  it("writes cdk.tf with the import and removed blocks and required_version, which cdktf's HCL renderer alone drops or garbles", () => {
    const file = join(mkdtempSync(join(tmpdir(), "ra-hcl-")), "organizations.json");
    writeFileSync(
      file,
      JSON.stringify({
        organizations: [
          { name: "main", region: "us-east-1", trustedAccess: { mode: "organization", organizationId: "o-abc123defg" }, adopt: { features: true } },
        ],
      }),
    );
    const run = runInProcess({ ROOT_ACCESS_CONFIG: file, SYNTH_HCL_OUTPUT: "true" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const hcl = readFileSync(join(run.outdir, "stacks", "main", "cdk.tf"), "utf8");
    expect(hcl).toContain('required_version = ">= 1.7.0"');
    expect(hcl).not.toContain('0 = "required_version"');
    expect(hcl).toMatch(/import \{\s+to = aws_organizations_organization\.root-access_organization_85124E76\s+id = "o-abc123defg"\s+\}/);
    expect(hcl).toMatch(/import \{\s+to = aws_iam_organizations_features\.root-access_features_EF27E5AD\s+id = "o-abc123defg"\s+\}/);
    expect(hcl).toContain(
      "removed {\n  from = aws_organizations_aws_service_access.root-access_iam-trusted-access_CB707CD1\n  lifecycle {\n    destroy = false\n  }\n}",
    );
  });
});

describe("help (cat help)", () => {
  it("names every npm script a person runs, and every root-access command", () => {
    const help = readFileSync(join(root, "help"), "utf8");
    const scripts = Object.keys(JSON.parse(readFileSync(join(root, "package.json"), "utf8")).scripts);
    // Run by npm itself or by other scripts, not by people.
    const internal = ["prepare", "prepack", "compile", "checks", "types-and-lint", "synth", "deploy", "diff", "test", "cli"];
    expect(scripts.filter((s) => !internal.includes(s) && !help.includes(`npm run ${s} `))).toEqual([]);
    for (const command of [
      "discover",
      "check",
      "audit",
      "delete-root-credentials",
      "allow-password-recovery",
      "unlock-s3-bucket-policy",
      "unlock-sqs-queue-policy",
      "remediate plan",
      "remediate apply",
      "review",
    ]) {
      expect(help).toContain(`root-access ${command} `);
    }
  });
});
