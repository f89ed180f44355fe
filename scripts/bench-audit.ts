// npm run bench:audit: audit throughput against the local AWS fake (50 ms per call), with and
// without an AssumeRoot rate limit, sequential vs the default concurrency. Each run gets a fresh
// fake process and a fresh measuring process, so peak memory is the audit's own.
import { ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { createClients } from "../lib/aws/clients";
import { OrganizationsApi } from "../lib/aws/organizations-api";
import { RootSessionOpener, RootSessions } from "../lib/aws/root-session";
import { auditOrganization, DEFAULT_CONCURRENCY } from "../lib/domain/audit";

const ROOT = join(__dirname, "..");
const LATENCY_MS = 50;
const RATE_LIMIT = 100;

interface Scenario {
  readonly label: string;
  readonly accounts: number;
  readonly concurrency: number;
  readonly rateLimit?: number;
}

interface Measurement {
  readonly elapsedMs: number;
  readonly audited: number;
  readonly errors: number;
  readonly lost: number;
  readonly peakRssMb: number;
  readonly throttles: number;
}

async function measure(url: string, accounts: number, concurrency: number): Promise<Measurement> {
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: url,
    AWS_ACCESS_KEY_ID: "AKIDFAKEMANAGEMENT",
    AWS_SECRET_ACCESS_KEY: "fake-secret",
    AWS_REGION: "us-east-1",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  });
  const clients = await createClients({});
  const opener = new RootSessionOpener(clients.options);
  const organizations = new OrganizationsApi({ organizations: clients.client("organizations"), iam: clients.client("iam"), sts: clients.client("sts") });
  const started = performance.now();
  const report = await auditOrganization({ organizations, rootSessions: new RootSessions(opener) }, { concurrency });
  const elapsedMs = performance.now() - started;
  const members = report.accounts.filter((a) => a.accountId !== "111111111111");
  return {
    elapsedMs,
    audited: report.summary.audited,
    errors: report.summary.errors,
    lost: accounts - members.filter((a) => a.status === "audited").length,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    throttles: opener.limiter.throttles,
  };
}

function startFake(s: Scenario): Promise<{ child: ChildProcess; url: string }> {
  const args = [
    "--import",
    "tsx",
    join(ROOT, "tools/fake-aws/cli.ts"),
    "--accounts",
    String(s.accounts),
    "--port",
    "0",
    "--latency",
    String(LATENCY_MS),
    "--clean",
  ];
  if (s.rateLimit) args.push("--rate-limit", `sts:AssumeRoot=${s.rateLimit}`);
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let text = "";
    child.stdout!.on("data", (d) => {
      text += d;
      const m = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(text);
      if (m) resolve({ child, url: m[1] });
    });
    child.on("exit", (code) => reject(new Error(`fake exited with ${code}`)));
  });
}

function runMeasurement(url: string, s: Scenario): Promise<Measurement> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", __filename, "--measure", JSON.stringify({ url, accounts: s.accounts, concurrency: s.concurrency })],
    {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  return new Promise((resolve, reject) =>
    child.on("close", (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`measurement failed (${code})`)))),
  );
}

async function main(): Promise<void> {
  const big = process.argv.includes("--quick") ? 2000 : 10000;
  const scenarios: Scenario[] = [
    { label: "sequential, no limit (100-account sample)", accounts: 100, concurrency: 1 },
    { label: `concurrency ${DEFAULT_CONCURRENCY}, no limit`, accounts: 1000, concurrency: DEFAULT_CONCURRENCY },
    { label: `concurrency ${DEFAULT_CONCURRENCY}, no limit`, accounts: big, concurrency: DEFAULT_CONCURRENCY },
    { label: `sequential, limit ${RATE_LIMIT}/s (100-account sample)`, accounts: 100, concurrency: 1, rateLimit: RATE_LIMIT },
    { label: `concurrency ${DEFAULT_CONCURRENCY}, limit ${RATE_LIMIT}/s`, accounts: 1000, concurrency: DEFAULT_CONCURRENCY, rateLimit: RATE_LIMIT },
    { label: `concurrency ${DEFAULT_CONCURRENCY}, limit ${RATE_LIMIT}/s`, accounts: big, concurrency: DEFAULT_CONCURRENCY, rateLimit: RATE_LIMIT },
  ];
  console.log(`audit benchmark: local AWS fake, ${LATENCY_MS} ms per call, AssumeRoot limit ${RATE_LIMIT}/s where stated\n`);
  console.log("| run | accounts | seconds | accounts/s | of limit | peak RSS MB | throttled | lost |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|");
  const rates: Record<string, number> = {};
  for (const s of scenarios) {
    const fake = await startFake(s);
    try {
      const m = await runMeasurement(fake.url, s);
      const rate = m.audited / (m.elapsedMs / 1000);
      rates[`${s.concurrency === 1 ? "seq" : "par"}-${s.rateLimit ? "limit" : "free"}`] = rate;
      const ofLimit = s.rateLimit ? `${((rate / s.rateLimit) * 100).toFixed(1)}%` : "-";
      console.log(
        `| ${s.label} | ${s.accounts} | ${(m.elapsedMs / 1000).toFixed(1)} | ${rate.toFixed(1)} | ${ofLimit} | ${m.peakRssMb.toFixed(0)} | ${m.throttles} | ${m.lost} |`,
      );
    } finally {
      fake.child.kill();
    }
  }
  console.log(
    `\nspeed-up over sequential: ${(rates["par-free"] / rates["seq-free"]).toFixed(1)}x without a limit (latency-bound), ${(rates["par-limit"] / rates["seq-limit"]).toFixed(1)}x with the ${RATE_LIMIT}/s limit`,
  );
}

const at = process.argv.indexOf("--measure");
if (at >= 0) {
  const { url, accounts, concurrency } = JSON.parse(process.argv[at + 1]);
  measure(url, accounts, concurrency).then(
    (m) => process.stdout.write(JSON.stringify(m)),
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
} else {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
