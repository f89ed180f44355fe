// Standalone local AWS fake: `npm run fake-aws -- --accounts 50 [--port 4566] [--latency 0]`.
// Try every command without an AWS account: the printed exports point the SDK (and terraform) at it.
import { parseArgs } from "node:util";
import { FakeOrganization } from "./model";
import { FakeAws } from "./server";

const { values } = parseArgs({
  options: {
    accounts: { type: "string", default: "20" },
    port: { type: "string", default: "4566" },
    latency: { type: "string", default: "0" },
    "rate-limit": { type: "string", multiple: true, default: [] },
    "page-size": { type: "string", default: "20" },
    clean: { type: "boolean", default: false },
    "root-access": { type: "string", default: "on" },
  },
});

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

// --rate-limit sts:AssumeRoot=100 (repeatable): requests per second for that operation.
const rateLimits = Object.fromEntries(
  (values["rate-limit"] as string[]).map((spec) => {
    const [operation, rate] = spec.split("=");
    if (!operation || !(Number(rate) > 0)) throw new Error(`--rate-limit ${spec}: expected service:Action=requests-per-second`);
    return [operation, Number(rate)];
  }),
);
const fake = new FakeAws(org, { latencyMs: Number(values.latency), rateLimits, accountsPageSize: Number(values["page-size"]) });
fake.start(Number(values.port)).then((url) => {
  const env = fake.env();
  process.stdout.write(`Local AWS fake on ${url}: organization ${org.id}, ${org.accounts.size} accounts (management ${org.managementAccountId}).\n`);
  process.stdout.write(`In another shell:\n`);
  for (const key of ["AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION"]) process.stdout.write(`  export ${key}=${env[key]}\n`);
  process.stdout.write(`  npx root-access discover\nPress Ctrl-C to stop.\n`);
});
process.on("SIGINT", () => fake.stop().then(() => process.exit(0)));
process.on("SIGTERM", () => fake.stop().then(() => process.exit(0)));
