// Standalone local AWS fake: `npm run fake-aws -- --accounts 50 [--port 4566] [--latency 0]
// [--trail on|off] [--locked-bucket ACCOUNT/NAME]... [--locked-queue ACCOUNT/NAME]...
// [--seed readiness] [--scp FILE@TARGET]... [--rcp FILE@TARGET]...` (organization policies: readiness-shapes.ts).
// Try every command without an AWS account: the printed exports point the SDK (and terraform) at it.
// It stops on Ctrl-C, SIGTERM, or when the process that started it (npm) goes away.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { FakeAccount, FakeOrganization } from "./model";
import { FakeAws } from "./server";
import { seedReadinessShapes } from "./readiness-shapes";

/** One line on stderr, exit 2: bad usage never shows a stack trace. */
function refuse(message: string): never {
  process.stderr.write(`fake-aws: ${message}\n`);
  process.exit(2);
}

function args() {
  try {
    return parseArgs({ options: OPTIONS });
  } catch (err) {
    return refuse(
      `${(err as Error).message}; options: ${Object.keys(OPTIONS)
        .map((o) => `--${o}`)
        .join(", ")}`,
    );
  }
}

const OPTIONS: {
  accounts: { type: "string"; default: string };
  port: { type: "string"; default: string };
  latency: { type: "string"; default: string };
  "rate-limit": { type: "string"; multiple: true; default: string[] };
  "page-size": { type: "string"; default: string };
  clean: { type: "boolean"; default: boolean };
  "root-access": { type: "string"; default: string };
  unanswered: { type: "string"; default: string };
  "unanswered-operation": { type: "string"; multiple: true; default: string[] };
  seed: { type: "string"; multiple: true; default: string[] };
  scp: { type: "string"; multiple: true; default: string[] };
  rcp: { type: "string"; multiple: true; default: string[] };
  trail: { type: "string"; default: string };
  "locked-bucket": { type: "string"; multiple: true; default: string[] };
  "locked-queue": { type: "string"; multiple: true; default: string[] };
} = {
  accounts: { type: "string", default: "20" },
  port: { type: "string", default: "4566" },
  latency: { type: "string", default: "0" },
  "rate-limit": { type: "string", multiple: true, default: [] as string[] },
  "page-size": { type: "string", default: "20" },
  clean: { type: "boolean", default: false },
  "root-access": { type: "string", default: "on" },
  // --unanswered 0.01: one request in 100 is read and never answered (a dead connection);
  // --unanswered-operation sts:AssumeRoot (repeatable) limits it to those operations.
  unanswered: { type: "string", default: "0" },
  "unanswered-operation": { type: "string", multiple: true, default: [] as string[] },
  // --seed readiness: an OU per SCP/RCP shape that meets root sessions, one account in each.
  seed: { type: "string", multiple: true, default: [] as string[] },
  // --scp FILE@TARGET / --rcp FILE@TARGET (repeatable): attach the policy in FILE to a root, OU or account ID.
  scp: { type: "string", multiple: true, default: [] as string[] },
  rcp: { type: "string", multiple: true, default: [] as string[] },
  // The README's story has alerts, and alerts need a trail logging management events (check warns otherwise).
  trail: { type: "string", default: "on" },
  "locked-bucket": { type: "string", multiple: true, default: [] as string[] },
  "locked-queue": { type: "string", multiple: true, default: [] as string[] },
};
const { values } = args();
for (const key of ["accounts", "port", "latency", "page-size"] as const) {
  if (!/^\d+$/.test(values[key])) refuse(`--${key} ${JSON.stringify(values[key])} is not a whole number`);
}
for (const key of ["root-access", "trail"] as const) {
  if (!["on", "off"].includes(values[key])) refuse(`--${key} ${JSON.stringify(values[key])}: expected on or off`);
}

const org = new FakeOrganization();
if (values["root-access"] === "on") org.enableRootAccess();
org.servicePrincipals.add("sso.amazonaws.com");
org.enabledPolicyTypes.add("SERVICE_CONTROL_POLICY");
const count = Number(values.accounts);
for (let i = 0; i < count; i++) {
  // A realistic mix: most accounts clean, some with a root password, keys or MFA, a few suspended.
  if (values.clean) {
    org.addAccount({ id: String(200000000000 + i), name: `workload-${i}` });
    continue;
  }
  org.addAccount({
    id: String(200000000000 + i),
    name: `workload-${i}`,
    state: i % 17 === 16 ? "SUSPENDED" : "ACTIVE",
    rootCredentials: {
      loginProfile: i % 5 === 1,
      accessKeys: i % 7 === 2 ? [{ id: `AKIAFAKEROOTKEY${i}`, status: "Active" }] : [],
      mfaDevices: i % 6 === 3 ? [`arn:aws:iam::${200000000000 + i}:mfa/root-account-mfa-device`] : [],
    },
  });
}

for (const seed of values.seed as string[]) {
  if (seed !== "readiness") refuse(`--seed ${JSON.stringify(seed)}: expected readiness`);
  seedReadinessShapes(org);
}
let policyCount = 0;
for (const [flag, type] of [
  ["scp", "SERVICE_CONTROL_POLICY"],
  ["rcp", "RESOURCE_CONTROL_POLICY"],
] as const) {
  for (const spec of values[flag] as string[]) {
    const at = spec.lastIndexOf("@");
    const [file, target] = at > 0 ? [spec.slice(0, at), spec.slice(at + 1)] : ["", ""];
    if (!file || !target) refuse(`--${flag} ${JSON.stringify(spec)}: expected FILE@TARGET (a policy JSON file and a root, OU or account ID)`);
    if (target !== org.rootId && !org.organizationalUnits.has(target) && !org.accounts.has(target))
      refuse(`--${flag} ${spec}: ${target} is not the root (${org.rootId}), an OU or an account of the fake`);
    let content: string;
    try {
      content = readFileSync(file, "utf8");
      JSON.parse(content);
    } catch (err) {
      refuse(`--${flag} ${spec}: cannot read ${file} as JSON: ${(err as Error).message}`);
    }
    policyCount += 1;
    org.addPolicy({ id: `p-cli${String(policyCount).padStart(5, "0")}`, name: file.split("/").pop() ?? file, type, content, targets: [target] });
  }
}
if (values.trail === "on") org.addTrail(org.managementAccountId, { name: "organization-trail" });

// --locked-bucket / --locked-queue ACCOUNT/NAME (repeatable): a policy that denies everyone, to try the unlock commands on.
function lockedResource(flag: string, spec: string): { account: FakeAccount; name: string } {
  const match = /^(\d{12})\/([\w.-]{1,80})$/.exec(spec);
  if (!match) refuse(`--${flag} ${JSON.stringify(spec)}: expected ACCOUNT/NAME, e.g. 200000000001/locked-bucket`);
  const account = org.accounts.get(match[1]);
  if (!account || account.id === org.managementAccountId)
    refuse(`--${flag} ${spec}: ${match[1]} is not a member account of the fake (members are 200000000000 to ${200000000000 + count - 1})`);
  return { account, name: match[2] };
}
const denyAll = (service: string) =>
  JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Deny", Principal: "*", Action: `${service}:*`, Resource: "*" }] });
for (const spec of values["locked-bucket"] as string[]) {
  const { account, name } = lockedResource("locked-bucket", spec);
  account.buckets.set(name, denyAll("s3"));
}
for (const spec of values["locked-queue"] as string[]) {
  const { account, name } = lockedResource("locked-queue", spec);
  account.queues.set(`https://sqs.us-east-1.amazonaws.com/${account.id}/${name}`, denyAll("sqs"));
}

// --rate-limit sts:AssumeRoot=100 (repeatable): requests per second for that operation.
const rateLimits = Object.fromEntries(
  (values["rate-limit"] as string[]).map((spec) => {
    const [operation, rate] = spec.split("=");
    if (!operation || !(Number(rate) > 0)) refuse(`--rate-limit ${spec}: expected service:Action=requests-per-second`);
    return [operation, Number(rate)];
  }),
);
const unansweredShare = Number(values.unanswered);
if (!/^(0|1|0?\.\d+)$/.test(values.unanswered) || unansweredShare > 1)
  refuse(`--unanswered ${JSON.stringify(values.unanswered)}: expected a share of requests from 0 to 1 (0.01: one in 100)`);
const unansweredOperations = values["unanswered-operation"] as string[];
for (const op of unansweredOperations) if (!/^[a-z0-9-]+:[A-Za-z]+$/.test(op)) refuse(`--unanswered-operation ${op}: expected service:Action`);
const unanswered =
  unansweredShare > 0 || unansweredOperations.length > 0
    ? { fraction: unansweredShare > 0 ? unansweredShare : 1, ...(unansweredOperations.length > 0 ? { operations: unansweredOperations } : {}) }
    : undefined;
const fake = new FakeAws(org, {
  latencyMs: Number(values.latency),
  rateLimits,
  accountsPageSize: Number(values["page-size"]),
  ...(unanswered ? { unanswered } : {}),
});
const port = Number(values.port);
fake.start(port).then(
  (url) => {
    const env = fake.env();
    process.stdout.write(`Local AWS fake on ${url}: organization ${org.id}, ${org.accounts.size} accounts (management ${org.managementAccountId}).\n`);
    if (values.trail === "on")
      process.stdout.write(`CloudTrail: trail organization-trail in ${org.managementAccountId} logs management events in every region (--trail off: none).\n`);
    for (const account of org.accounts.values()) {
      for (const bucket of account.buckets.keys()) process.stdout.write(`Locked bucket ${bucket} in ${account.id} (its policy denies everyone).\n`);
      for (const queue of account.queues.keys()) process.stdout.write(`Locked queue ${queue} (its policy denies everyone).\n`);
    }
    process.stdout.write(`In another shell:\n`);
    for (const key of ["AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION"]) process.stdout.write(`  export ${key}=${env[key]}\n`);
    process.stdout.write(`  npx root-access discover\nPress Ctrl-C to stop.\n`);
  },
  (err: NodeJS.ErrnoException) => {
    if (err.code === "EADDRINUSE")
      refuse(`port ${port} on 127.0.0.1 is in use (another fake still running?): stop it, or pass --port with a free port (0 picks one)`);
    if (err.code === "EACCES") refuse(`port ${port} on 127.0.0.1 needs privileges: pass --port 1024 or above (0 picks one)`);
    throw err;
  },
);

let stopping = false;
function stop(): void {
  if (stopping) return;
  stopping = true;
  fake.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
process.on("SIGHUP", stop);
// npm run does not always pass a signal on to its script: stop when the parent goes away.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) stop();
}, 500).unref();
