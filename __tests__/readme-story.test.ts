// The README's "Try it without AWS" and offline deploy lines, run as printed (parsed out of
// README.md, so the test and the doc cannot drift), in a copy of the project folder.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "./support/cli";
import { collect } from "./support/process";
import { providerToAttach } from "./support/shared-provider";
import { describeWithTerraform, terraform, testMirrorProvider } from "./support/terraform";

const README = readFileSync(join(ROOT, "README.md"), "utf8");

/** The `sh` blocks of the README section that starts with `heading`, each as logical lines (continuations joined). */
export function shellBlocks(heading: string): string[][] {
  const start = README.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README.md has no section ${heading}`);
  const next = README.slice(start + heading.length + 2).search(/\n#{1,3} /);
  const section = README.slice(start, next < 0 ? undefined : start + heading.length + 2 + next);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) =>
    m[1]
      .replace(/\\\n\s*/g, "")
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean),
  );
}

/** The project folder as a user has it after `npm ci`, in a temp folder (cdktf.out, state and backups land there). */
function projectCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), "ra-readme-"));
  for (const entry of [
    "package.json",
    "package-lock.json",
    "cdktf.json",
    "main.ts",
    "tsconfig.json",
    "node_modules",
    "lib",
    "tools",
    "examples",
    "schema",
    "bin",
    "dist",
  ]) {
    symlinkSync(join(ROOT, entry), join(dir, entry));
  }
  return dir;
}

describe("the README's command blocks", () => {
  it("has the fake's line, the story and the offline deploy line where the test expects them", () => {
    const [fake, story, offline] = shellBlocks("### Try it without AWS");
    expect(fake).toHaveLength(1);
    expect(fake[0]).toMatch(/^npm run fake-aws -- /);
    expect(story.filter((l) => l.includes("npx cdktf deploy"))).toHaveLength(1);
    expect(offline).toHaveLength(1);
    expect(offline[0]).toMatch(/^TF_CLI_CONFIG_FILE="\$PWD\/examples\/terraform-offline\.tfrc" /);
  });

  it("the quick start's first command turns HashiCorp's version check off", () => {
    const [quickStart] = shellBlocks("## Quick start");
    expect(quickStart[0]).toMatch(/^npm ci && CHECKPOINT_DISABLE=1 npx cdktf synth /);
  });
});

const mirrorIsTheExamples = terraform.available && terraform.mirror === "/opt/tf-plugins";
(mirrorIsTheExamples ? describeWithTerraform : describe.skip)(
  `"Try it without AWS" as printed${terraform.available && !mirrorIsTheExamples ? " (skipped: the provider mirror is not /opt/tf-plugins, the path in examples/terraform-offline.tfrc)" : ""}`,
  () => {
    jest.setTimeout(300_000);

    it("deploys the sandbox offline, then check is all in order, audit runs, and the unlock and restore lines work", async () => {
      const [[fakeLine], story, [offlineLine]] = shellBlocks("### Try it without AWS");
      const project = projectCopy();
      const base = {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "/nonexistent-home",
        TMPDIR: process.env.TMPDIR ?? "/tmp",
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      };
      // The lines run as printed; the terraform they start attaches to provider processes kept for this file
      // instead of starting the 675 MB provider for each command (init from the mirror the offline line
      // names is tested in terraform-validate.test.ts). They run the test mirror's provider, as the other
      // deploy tests do (the same binary behind a script), so the schema and config verdicts they keep serve here too.
      const env = { ...base, TF_REATTACH_PROVIDERS: await providerToAttach(testMirrorProvider(), { ...base, GOGC: "400" }) };
      const fake = spawn("bash", ["-c", `exec ${fakeLine.replace(/\s+#.*$/, "")} --port 0`], { cwd: project, env, stdio: ["ignore", "pipe", "pipe"] });
      const stopped = collect(fake);
      try {
        const url = await new Promise<string>((resolve, reject) => {
          let text = "";
          fake.stdout!.on("data", (d) => {
            text += d;
            const found = /Local AWS fake on (http:\/\/127\.0\.0\.1:\d+)/.exec(text)?.[1];
            if (found) resolve(found);
          });
          fake.on("close", (code) => reject(new Error(`the fake exited ${code}: ${text}`)));
        });
        // The plain deploy line needs registry access; the offline line is the same with the offline CLI config.
        const deploy = story.findIndex((l) => l.includes("npx cdktf deploy"));
        expect(
          offlineLine
            .replace(/^TF_CLI_CONFIG_FILE=\S+ /, "")
            .split(/\s+/)
            .sort(),
        ).toEqual(story[deploy].split(/\s+/).sort());
        const lines = story.map((l, i) => (i === deploy ? offlineLine : l).replaceAll("http://127.0.0.1:4566", url));
        // One shell (the exports carry on); each line's output and exit code in files of its own.
        const script = lines.map((l, i) => `{ ${l}\n} >out.${i} 2>&1; echo $? >rc.${i}`).join("\n");
        await collect(spawn("bash", ["-c", script], { cwd: project, env, stdio: ["ignore", "pipe", "pipe"] }));
        const results = lines.map((line, i) => ({
          line,
          out: readFileSync(join(project, `out.${i}`), "utf8"),
          rc: Number(readFileSync(join(project, `rc.${i}`), "utf8")),
        }));
        const at = (fragment: string) => results[lines.findIndex((l) => l.includes(fragment))];
        for (const r of results) expect({ line: r.line, rc: r.rc, out: r.rc === 0 ? "" : r.out }).toEqual({ line: r.line, rc: 0, out: "" });
        // cdktf shows main.ts's sandbox notice as information: never as its [ERROR].
        expect(at("npx cdktf deploy").out).toContain("ROOT_ACCESS_ENDPOINT_URL is set: every AWS provider calls");
        expect(at("npx cdktf deploy").out).not.toMatch(/ERROR.*ROOT_ACCESS_ENDPOINT_URL/);
        expect(at("root-access.js check").out).toMatch(/^sandbox: in order$/m);
        expect(at("--bucket locked-bucket").out).toContain("bucket locked-bucket in 200000000001: policy deleted");
        expect(at("--queue-url").out).toContain("policy deleted");
        expect(at("--restore").out).toContain("bucket locked-bucket in 200000000001: policy restored");
        // Offline: terraform used the mirror, never the registry.
        expect(results.map((r) => r.out).join("")).not.toMatch(/registry\.terraform\.io.*(timeout|could not|Failed to query)/i);
      } finally {
        fake.kill("SIGTERM");
        await stopped;
      }
    });
  },
);
