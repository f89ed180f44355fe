// npm run bench: synth speed. (1) app time to synthesize N organizations (fresh process: module
// loading included); (2) `cdktf synth` of the default app vs cdktf-cli's floor (an app with one
// empty stack), median of 3 runs each.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..");

function runApp(count: number): void {
  process.setSourceMapsEnabled(false); // as main.ts does
  const started = performance.now();
  const { App } = require("cdktf") as typeof import("cdktf");
  const { addOrganizationStacks } = require("../lib/app") as typeof import("../lib/app");
  const { validateConfig } = require("../lib/config/load-config") as typeof import("../lib/config/load-config");
  const loaded = performance.now();
  const modes = [{ mode: "service-access" }, { mode: "organization", servicePrincipals: ["sso.amazonaws.com"] }, { mode: "external" }];
  const organizations = Array.from({ length: count }, (_, i) => ({
    name: `org-${i}`,
    region: "us-east-1",
    managementAccountId: String(100000000000 + i),
    trustedAccess: modes[i % 3],
    delegatedAdministrator: { accountId: String(200000000000 + i) },
  }));
  const config = validateConfig({ organizations }, "bench");
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), "ra-bench-synth-")) });
  addOrganizationStacks(app, config);
  app.synth();
  const done = performance.now();
  process.stdout.write(JSON.stringify({ loadMs: loaded - started, synthMs: done - loaded, totalMs: done - started }));
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

function timeCommand(cwd: string, env: Record<string, string>): number {
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, [join(ROOT, "node_modules/cdktf-cli/bundle/bin/cdktf"), "synth"], {
      cwd,
      env: { ...process.env, CHECKPOINT_DISABLE: "1", CI: "true", ...env },
      encoding: "utf8",
    });
    if (r.status !== 0) throw new Error(`cdktf synth failed in ${cwd}:\n${r.stdout}${r.stderr}`);
    runs.push(performance.now() - t);
  }
  return median(runs);
}

function main(): void {
  for (const n of [1, 100, 1000]) {
    const out = execFileSync(process.execPath, ["--import", "tsx", __filename, "--app", String(n)], { cwd: ROOT }).toString();
    const m = JSON.parse(out);
    console.log(
      `app: ${n} organization${n === 1 ? "" : "s"}: ${(m.totalMs / 1000).toFixed(2)} s (modules ${(m.loadMs / 1000).toFixed(2)} s, synth ${(m.synthMs / 1000).toFixed(2)} s)`,
    );
  }
  const floor = mkdtempSync(join(tmpdir(), "ra-bench-floor-"));
  mkdirSync(join(floor, "node_modules"));
  writeFileSync(join(floor, "cdktf.json"), JSON.stringify({ language: "typescript", app: `node ${join(floor, "app.js")}` }));
  writeFileSync(
    join(floor, "app.js"),
    `const { App, TerraformStack } = require(${JSON.stringify(join(ROOT, "node_modules/cdktf"))});\nconst app = new App();\nnew TerraformStack(app, "empty");\napp.synth();\n`,
  );
  const floorMs = timeCommand(floor, {});
  const ours = timeCommand(ROOT, { CDKTF_OUTDIR: mkdtempSync(join(tmpdir(), "ra-bench-out-")), ROOT_ACCESS_CONFIG: "" });
  console.log(
    `cdktf synth, default app: ${(ours / 1000).toFixed(2)} s; cdktf-cli floor (one empty stack): ${(floorMs / 1000).toFixed(2)} s; difference ${((ours - floorMs) / 1000).toFixed(2)} s`,
  );
}

const at = process.argv.indexOf("--app");
if (at >= 0) runApp(Number(process.argv[at + 1]));
else main();
