// The published package, used from outside this checkout: `npm pack`, installed into a temporary
// cdktf app, the construct used from plain JavaScript beside the app's own resources, and the
// installed `root-access` command.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { ROOT } from "./support/cli";

const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));

describe("the package from outside the checkout", () => {
  const app = mkdtempSync(join(tmpdir(), "ra-consumer-"));
  let files: string[] = [];

  beforeAll(() => {
    // dist/ is current: npm test compiles it first (npm run compile); the real `npm pack` runs the
    // same build through prepack. Scripts are skipped here so tests never rebuild what others read.
    const packed = JSON.parse(execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", app], { cwd: ROOT, encoding: "utf8" }));
    files = packed[0].files.map((f: { path: string }) => f.path);
    // Install the tarball as npm would (unpacked into node_modules), its dependencies linked from
    // this checkout's node_modules (nothing downloaded).
    const target = join(app, "node_modules", pkg.name);
    mkdirSync(target, { recursive: true });
    execFileSync("tar", ["-xzf", join(app, packed[0].filename), "-C", target, "--strip-components=1"]);
    for (const name of [...Object.keys(pkg.dependencies), ...Object.keys(pkg.peerDependencies)]) {
      const link = join(app, "node_modules", name);
      mkdirSync(dirname(link), { recursive: true });
      if (!existsSync(link)) symlinkSync(join(ROOT, "node_modules", name), link);
    }
    mkdirSync(join(app, "node_modules", ".bin"), { recursive: true });
    symlinkSync(join(target, "bin", "root-access.js"), join(app, "node_modules", ".bin", "root-access"));
  });

  it("ships compiled JavaScript, type declarations, the bin and the schema; no sources, tests or fake", () => {
    expect(files).toEqual(
      expect.arrayContaining([
        "dist/index.js",
        "dist/index.d.ts",
        "dist/cli/main.js",
        "dist/cdktn/library.js",
        "dist/cdktn/library.d.ts",
        "bin/root-access.js",
        "schema/organizations.schema.json",
        "README.md",
        "LICENSE",
        "package.json",
      ]),
    );
    expect(files.filter((f) => /^(lib|__tests__|tools|scripts|examples)\//.test(f) || (f.endsWith(".ts") && !f.endsWith(".d.ts")))).toEqual([]);
  });

  it("declares both frameworks and their AWS provider bindings as optional peers admitting the versions tested (installing for one never pulls the other)", () => {
    expect(pkg.peerDependencies).toEqual({
      cdktf: "^0.21.0",
      "@cdktf/provider-aws": "^21.22.1",
      cdktn: "^0.24.0",
      "@cdktn/provider-aws": "^25.7.0",
      constructs: "^10.4.2",
    });
    expect(pkg.peerDependenciesMeta).toEqual({
      cdktf: { optional: true },
      "@cdktf/provider-aws": { optional: true },
      cdktn: { optional: true },
      "@cdktn/provider-aws": { optional: true },
    });
    for (const name of Object.keys(pkg.peerDependencies)) {
      expect(pkg.dependencies[name]).toBeUndefined();
      // The tested version is in every peer range (constructs: cdktn 0.24 needs >= 10.6 < 10.8, cdktf 0.21 ^10.4.2).
      const tested = pkg.devDependencies[name] as string;
      const floor = pkg.peerDependencies[name].slice(1);
      expect(tested.split(".")[0]).toBe(floor.split(".")[0]);
      expect(tested.localeCompare(floor, undefined, { numeric: true })).toBeGreaterThanOrEqual(0);
    }
  });

  it("adds RootAccessManagement to the app's own stack, beside its own provider and resources (plain JavaScript)", () => {
    writeFileSync(
      join(app, "main.js"),
      [
        'const { App, TerraformStack } = require("cdktf");',
        'const { AwsProvider } = require("@cdktf/provider-aws/lib/provider");',
        'const { S3Bucket } = require("@cdktf/provider-aws/lib/s3-bucket");',
        'const { RootAccessManagement } = require("cdktf-root-access");',
        "const app = new App();",
        'const stack = new TerraformStack(app, "platform");',
        'new AwsProvider(stack, "aws", { region: "eu-west-1" });',
        'new S3Bucket(stack, "logs", { bucket: "platform-logs" });',
        'new RootAccessManagement(stack, "root-access", { trustedAccess: { mode: "external" }, delegatedAdministratorAccountId: "222222222222" });',
        "app.synth();",
        "",
      ].join("\n"),
    );
    const outdir = join(app, "cdktf.out");
    const run = spawnSync(process.execPath, ["main.js"], {
      cwd: app,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR ?? "/tmp", CDKTF_OUTDIR: outdir },
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const json = JSON.parse(readFileSync(join(outdir, "stacks", "platform", "cdk.tf.json"), "utf8"));
    expect(Object.keys(json.resource).sort()).toEqual(["aws_iam_organizations_features", "aws_organizations_delegated_administrator", "aws_s3_bucket"]);
    expect(json.provider.aws).toEqual([{ region: "eu-west-1" }]);
    expect(json.terraform.required_providers.aws.version).toBe(">= 5.78.0, < 7.0.0");
    // Its removed blocks need Terraform 1.7.
    expect(json.terraform.required_version).toBe(">= 1.7.0");
    expect(json.data.aws_organizations_organization).toBeDefined();
  });

  it("exports no name that is undefined at run time (types are exported as types only)", () => {
    const exported = require(join(app, "node_modules", pkg.name)) as Record<string, unknown>;
    expect(Object.keys(exported).filter((name) => exported[name] === undefined)).toEqual([]);
    expect(typeof exported.RootAccessManagement).toBe("function");
  });

  it("ships the license it declares (MPL-2.0)", () => {
    expect(pkg.license).toBe("MPL-2.0");
    expect(readFileSync(join(app, "node_modules", pkg.name, "LICENSE"), "utf8")).toMatch(/^Mozilla Public License Version 2\.0\n/);
  });

  it("offers the same constructs to a CDK Terrain app (cdktf-root-access/cdktn), with the prebuilt service-access binding, never loading cdktf", () => {
    writeFileSync(
      join(app, "terrain.js"),
      [
        'const { App, TerraformStack } = require("cdktn");',
        'const { AwsProvider } = require("@cdktn/provider-aws/lib/provider");',
        'const { RootAccessManagement, RootAccessGuardrails } = require("cdktf-root-access/cdktn");',
        "const app = new App();",
        'const stack = new TerraformStack(app, "platform");',
        'new AwsProvider(stack, "aws", { region: "eu-west-1" });',
        'const ra = new RootAccessManagement(stack, "root-access", { delegatedAdministratorAccountId: "222222222222", adopt: { iamTrustedAccess: true } });',
        'new RootAccessGuardrails(stack, "guardrails", { region: "eu-west-1", denyRootScp: { targetIds: ["r-ab12"] }, dependsOn: [ra.features] });',
        "app.synth();",
        "const loaded = Object.keys(require.cache).filter((f) => /node_modules[/](cdktf|@cdktf)[/]/.test(f));",
        'if (loaded.length) throw new Error("loaded cdktf: " + loaded[0]);',
        "",
      ].join("\n"),
    );
    const outdir = join(app, "cdktn.out");
    const run = spawnSync(process.execPath, ["terrain.js"], {
      cwd: app,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR ?? "/tmp", CDKTF_OUTDIR: outdir },
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const json = JSON.parse(readFileSync(join(outdir, "stacks", "platform", "cdk.tf.json"), "utf8"));
    expect(Object.keys(json.resource).sort()).toEqual([
      "aws_iam_organizations_features",
      "aws_organizations_aws_service_access",
      "aws_organizations_delegated_administrator",
      "aws_organizations_policy",
      "aws_organizations_policy_attachment",
    ]);
    expect(Object.values(json.resource.aws_organizations_aws_service_access)).toEqual([
      expect.objectContaining({ lifecycle: { prevent_destroy: true }, service_principal: "iam.amazonaws.com" }),
    ]);
    expect(json.import).toEqual([{ to: expect.stringMatching(/^aws_organizations_aws_service_access\./), id: "iam.amazonaws.com" }]);
    // The prebuilt binding is AWS provider 6.66's; the resource needs 6.41.
    expect(json.terraform.required_providers.aws.version).toBe(">= 6.41.0, < 7.0.0");
    expect(json.terraform.required_version).toBe(">= 1.7.0");
    expect(json.removed).toEqual([{ from: expect.stringMatching(/^aws_organizations_organization\./), lifecycle: { destroy: false } }]);
  });

  it("loads only cdktf from the main entry", () => {
    const run = spawnSync(
      process.execPath,
      [
        "-e",
        'require("cdktf-root-access"); const l = Object.keys(require.cache); process.stdout.write(JSON.stringify([l.some((f) => /node_modules[/]cdktf[/]/.test(f)), l.some((f) => /node_modules[/]cdktn[/]/.test(f))]))',
      ],
      { cwd: app, encoding: "utf8" },
    );
    expect(JSON.parse(run.stdout)).toEqual([true, false]);
  });

  it("installs a root-access command that runs the compiled code", () => {
    const run = spawnSync(join(app, "node_modules", ".bin", "root-access"), ["--help"], { cwd: app, encoding: "utf8", env: { PATH: process.env.PATH } });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("Usage: root-access [options] [command]");
    expect(run.stdout).toContain("delete-root-credentials");
  });
});

describe("the public API report", () => {
  it("is current and documented: a change to the public API shows in etc/cdktf-root-access.api.md (npm run api updates it), and every export has TSDoc", () => {
    const run = spawnSync(join(ROOT, "node_modules", ".bin", "api-extractor"), ["run"], { cwd: ROOT, encoding: "utf8" });
    expect(run.stdout).not.toMatch(/Warning: You have changed the public API signature/);
    expect(run.stdout).toContain("API Extractor completed successfully");
    expect(run.status).toBe(0);
  });
});
