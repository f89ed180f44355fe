// npm run bench:remediate [-- --accounts N]: remediate plan and apply against the local AWS fake
// (50 ms per call, AssumeRoot limited to 100/s), the real CLI as child processes. Apply is killed
// with SIGKILL three times and resumed; the journal then shows whether anything was deleted twice
// or outside the plan, and the final result whether any account was lost. Peak memory per run
// from /usr/bin/time when it exists.
import { ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..");
const BIN = join(ROOT, "bin", "root-access.js");
const LATENCY_MS = 50;
const RATE_LIMIT = 100;
const TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

function startFake(accounts: number): Promise<{ child: ChildProcess; env: Record<string, string> }> {
  const args = ["--import", "tsx", join(ROOT, "tools/fake-aws/cli.ts"), "--accounts", String(accounts), "--port", "0", "--latency", String(LATENCY_MS)];
  args.push("--rate-limit", `sts:AssumeRoot=${RATE_LIMIT}`);
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let text = "";
    child.stdout!.on("data", (d) => {
      text += d;
      const m = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(text);
      if (m)
        resolve({
          child,
          env: {
            PATH: process.env.PATH ?? "",
            HOME: "/nonexistent-home",
            AWS_CONFIG_FILE: "/dev/null",
            AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
            AWS_ENDPOINT_URL: m[1],
            AWS_ACCESS_KEY_ID: "AKIDFAKEMANAGEMENT",
            AWS_SECRET_ACCESS_KEY: "fake-secret",
            AWS_REGION: "us-east-1",
            AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
          },
        });
    });
    child.on("exit", (code) => reject(new Error(`fake exited with ${code}`)));
  });
}

interface Run {
  readonly code: number | null;
  readonly seconds: number;
  readonly stdout: string;
  readonly peakMb?: number;
}

/** Runs the CLI; with `killWhen`, SIGKILLs it once that returns true (polled every 20 ms; no peak memory then). */
function cli(args: string[], env: Record<string, string>, killWhen?: () => boolean): Promise<Run> {
  const timed = TIME && !killWhen;
  const command = timed ? TIME : process.execPath;
  const argv = timed ? ["-f", "peak-kb %M", process.execPath, BIN, ...args] : [BIN, ...args];
  const started = performance.now();
  const child = spawn(command, argv, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const timer = killWhen
    ? setInterval(() => {
        if (killWhen()) child.kill("SIGKILL");
      }, 20)
    : undefined;
  return new Promise((resolve) =>
    child.on("close", (code) => {
      if (timer) clearInterval(timer);
      const kb = /peak-kb (\d+)/.exec(stderr);
      resolve({ code, seconds: (performance.now() - started) / 1000, stdout, peakMb: kb ? Number(kb[1]) / 1024 : undefined });
    }),
  );
}

const readLines = (file: string) =>
  existsSync(file)
    ? readFileSync(file, "utf8")
        .split("\n")
        .filter(Boolean)
        .flatMap((l) => {
          try {
            return [JSON.parse(l)];
          } catch {
            return []; // a last line cut by kill -9
          }
        })
    : [];

const countIn = (file: string, needle: string) => (existsSync(file) ? readFileSync(file, "utf8").split(needle).length - 1 : 0);

async function main(): Promise<void> {
  const accounts = arg("accounts", 10000);
  // The CLI's defaults (plan 32, apply 64) unless --concurrency N is given.
  const given = process.argv.includes("--concurrency") ? String(arg("concurrency", 32)) : undefined;
  const concurrency = given ?? "default";
  const c = given ? ["--concurrency", given] : [];
  console.log(
    `remediate benchmark: ${accounts} accounts, local AWS fake, ${LATENCY_MS} ms per call, AssumeRoot limit ${RATE_LIMIT}/s, concurrency ${concurrency}\n`,
  );
  console.log("| run | seconds | AssumeRoot sessions | sessions/s | of limit | peak RSS MB |");
  console.log("|---|---:|---:|---:|---:|---:|");
  const row = (label: string, seconds: number, n: number, mb?: number) =>
    console.log(
      `| ${label} | ${seconds.toFixed(1)} | ${n} | ${(n / seconds).toFixed(1)} | ${((n / seconds / RATE_LIMIT) * 100).toFixed(1)}% | ${mb === undefined ? "-" : mb.toFixed(0)} |`,
    );

  // 1. Throughput: audit (the baseline: same pacing, fewer calls), plan, then apply without interruption, against a fresh fake.
  await withFake(accounts, async (env, dir) => {
    const audit = await cli(["audit", "--format", "json", ...c], env);
    if (audit.code !== 0) throw new Error(`audit exited ${audit.code}`);
    row("audit (baseline, same run)", audit.seconds, JSON.parse(audit.stdout).summary.audited, audit.peakMb);
    const plan = join(dir, "plan.json");
    const planRun = await cli(["remediate", "plan", "--output", plan, "--format", "json", ...c], env);
    if (planRun.code !== 0) throw new Error(`plan exited ${planRun.code}`);
    const p = JSON.parse(readFileSync(plan, "utf8"));
    row("plan", planRun.seconds, p.summary.accounts, planRun.peakMb);
    const apply = await cli(["remediate", "apply", plan, "--yes", "--format", "json", ...c, "--action-log", join(dir, "a.jsonl")], env);
    row("apply", apply.seconds, p.summary.accountsWithItems, apply.peakMb);
  });

  // 2. Kill -9 three times, then resume, against another fresh fake: the journal is the evidence.
  await withFake(accounts, async (env, dir) => {
    const plan = join(dir, "plan.json");
    const journal = `${plan}.journal.jsonl`;
    if ((await cli(["remediate", "plan", "--output", plan, ...c], env)).code !== 0) throw new Error("plan failed");
    const p = JSON.parse(readFileSync(plan, "utf8"));
    const planned = new Set<string>(p.accounts.flatMap((a: any) => a.items.map((i: any) => `${a.accountId} ${i.kind}:${i.id ?? ""}`)));
    const toDo = p.summary.accountsWithItems as number;
    const applyArgs = ["remediate", "apply", plan, "--yes", "--format", "json", ...c, "--action-log", join(dir, "a.jsonl")];
    const runs: Run[] = [];
    // Killed once about 20%, 45% and 70% of the accounts were started.
    for (const share of [0.2, 0.45, 0.7]) runs.push(await cli(applyArgs, env, () => countIn(journal, '"account-start"') >= Math.floor(toDo * share)));
    const last = await cli(applyArgs, env);
    runs.push(last);
    const result = JSON.parse(last.stdout);
    const records = readLines(journal);
    const deletedTimes = new Map<string, number>();
    let outside = 0;
    let twice = 0;
    for (const r of records) {
      if (r.type !== "outcome") continue;
      const key = `${r.accountId} ${r.kind}:${r.id ?? ""}`;
      if (!planned.has(key)) outside += 1;
      if (r.result === "already absent") twice += 1; // nobody else deletes here: a second delete of the same item
      if (r.result === "deleted") deletedTimes.set(key, (deletedTimes.get(key) ?? 0) + 1);
    }
    twice += [...deletedTimes.values()].filter((n) => n > 1).length;
    const gone = result.accounts.flatMap((a: any) => a.items).filter((i: any) => i.result === "deleted" || i.result === "already absent").length;
    const lost = p.accounts.length - result.accounts.length + result.accounts.filter((a: any) => !["done", "nothing to do"].includes(a.status)).length;
    const sessions = countIn(journal, '"account-start"');
    row(
      "apply killed 3 times + resumed (4 runs, restarts included)",
      runs.reduce((s, r) => s + r.seconds, 0),
      sessions,
      last.peakMb,
    );
    console.log(
      `\nkill -9 and resume: ${planned.size} planned items in ${toDo} accounts; ${gone} gone after the last run; ${sessions - toDo} accounts read again after a kill; accounts lost ${lost}; deleted twice ${twice}; deleted outside the plan ${outside}; last run exit ${last.code}`,
    );
  });
}

async function withFake(accounts: number, fn: (env: Record<string, string>, dir: string) => Promise<void>): Promise<void> {
  const fake = await startFake(accounts);
  try {
    await fn(fake.env, mkdtempSync(join(tmpdir(), "ra-bench-remediate-")));
  } finally {
    fake.child.kill();
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
