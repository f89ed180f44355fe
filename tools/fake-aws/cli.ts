// Standalone local AWS fake: `npm run fake-aws -- --accounts 50 [--port 4566] [--latency 0]
// [--trail on|off] [--locked-bucket ACCOUNT/NAME]... [--locked-queue ACCOUNT/NAME]...
// [--seed readiness] [--scp FILE@TARGET]... [--rcp FILE@TARGET]...` (organization policies: readiness-shapes.ts).
// Try every command without an AWS account: the printed exports point the SDK (and terraform) at it.
// It stops on Ctrl-C, SIGTERM, or when the process that started it (npm) goes away.
import { FakeAws } from "./server";
import { fakeFromArgs, FakeUsageError } from "./cli-options";

/** One line on stderr, exit 2: bad usage never shows a stack trace. */
function refuse(message: string): never {
  process.stderr.write(`fake-aws: ${message}\n`);
  process.exit(2);
}

function setup() {
  try {
    return fakeFromArgs(process.argv.slice(2));
  } catch (err) {
    if (err instanceof FakeUsageError) refuse(err.message);
    throw err;
  }
}

const { org, options, port, trail } = setup();
const fake = new FakeAws(org, options);
fake.start(port).then(
  (url) => {
    const env = fake.env();
    process.stdout.write(`Local AWS fake on ${url}: organization ${org.id}, ${org.accounts.size} accounts (management ${org.managementAccountId}).\n`);
    if (trail)
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
