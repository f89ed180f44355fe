// The arguments of `npm run fake-aws` (cli.ts), read into the fake they ask for: no process, no
// output, so the tests check every refusal without starting one.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { FakeAccount, FakeOrganization } from "./model";
import type { FakeAwsOptions } from "./context";
import { seedReadinessShapes } from "./readiness-shapes";

/** Bad usage: the CLI prints `fake-aws: MESSAGE` in one line and exits 2, never with a stack trace. */
export class FakeUsageError extends Error {}

function refuse(message: string): never {
  throw new FakeUsageError(message);
}

function args(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS });
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
/** What the CLI starts: the organization, the server's options, the port. */
export interface FakeSetup {
  readonly org: FakeOrganization;
  readonly options: FakeAwsOptions;
  readonly port: number;
  /** --trail on: the organization trail exists (the CLI says so). */
  readonly trail: boolean;
}

/** Reads the CLI's arguments (without node and the script) into the fake they ask for; bad usage throws FakeUsageError. */
export function fakeFromArgs(argv: string[]): FakeSetup {
  const { values } = args(argv);
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
  return {
    org,
    options: {
      latencyMs: Number(values.latency),
      rateLimits,
      accountsPageSize: Number(values["page-size"]),
      ...(unanswered ? { unanswered } : {}),
    },
    port: Number(values.port),
    trail: values.trail === "on",
  };
}
