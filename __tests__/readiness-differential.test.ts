// Our SCP/RCP evaluator against @cloud-copilot/iam-simulate (a maintained one; AGPL, test-only) on
// real-world policies and generated variations: they agree on every case, or the test names it.
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { evaluatePath, PolicyDocument, PolicyLevel } from "../lib/domain/readiness/evaluate-policy";
import { requestContext } from "../lib/domain/readiness/request-context";
import { CORPUS, FULL_AWS_ACCESS, RCP_FULL_AWS_ACCESS } from "../tools/fake-aws/policy-corpus";

type Result = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";

interface Case {
  readonly name: string;
  /** SCPs per level, root first, the account last. */
  readonly scps: readonly (readonly object[])[];
  /** RCPs per level besides RCPFullAWSAccess. */
  readonly rcps?: readonly (readonly object[])[];
  readonly action: string;
  readonly resource: string;
  readonly context: Record<string, string | string[]>;
}

const ACCOUNT = "222222222222";
const ROOT_ARN = `arn:aws:iam::${ACCOUNT}:root`;
const ROOT_SESSION = {
  "aws:PrincipalArn": ROOT_ARN,
  "aws:AssumedRoot": "true",
  "aws:PrincipalAccount": ACCOUNT,
  "aws:RequestedRegion": "us-east-1",
};
const ROOT_USER = { "aws:PrincipalArn": ROOT_ARN, "aws:PrincipalAccount": ACCOUNT, "aws:RequestedRegion": "us-east-1" };
const ROLE = { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/Admin`, "aws:PrincipalAccount": ACCOUNT, "aws:RequestedRegion": "us-east-1" };

/** The root-session calls of the five tasks, with resources iam-simulate knows the types of. */
const REQUESTS: [string, string][] = [
  ["iam:GetLoginProfile", `arn:aws:iam::${ACCOUNT}:user/root`],
  ["iam:ListAccessKeys", `arn:aws:iam::${ACCOUNT}:user/root`],
  ["iam:DeleteAccessKey", `arn:aws:iam::${ACCOUNT}:user/root`],
  ["iam:DeactivateMFADevice", `arn:aws:iam::${ACCOUNT}:user/root`],
  ["iam:DeleteVirtualMFADevice", `arn:aws:iam::${ACCOUNT}:mfa/root-device`],
  ["iam:CreateLoginProfile", `arn:aws:iam::${ACCOUNT}:user/root`],
  ["s3:GetBucketPolicy", "arn:aws:s3:::locked-bucket"],
  ["s3:DeleteBucketPolicy", "arn:aws:s3:::locked-bucket"],
  ["s3:PutBucketPolicy", "arn:aws:s3:::locked-bucket"],
  ["sqs:GetQueueAttributes", `arn:aws:sqs:us-east-1:${ACCOUNT}:locked-queue`],
  ["sqs:SetQueueAttributes", `arn:aws:sqs:us-east-1:${ACCOUNT}:locked-queue`],
];

function ours(c: Case): Result {
  const ctx = requestContext({ action: c.action, resource: c.resource, principalArn: String(c.context["aws:PrincipalArn"]), keys: c.context });
  const levels = (list: readonly (readonly object[])[], extra?: object): PolicyLevel[] =>
    list.map((policies, i) => ({
      targetId: `level-${i}`,
      policies: [...(extra ? [extra] : []), ...policies].map((p, j) => ({ id: `p-${i}-${j}`, name: `p-${i}-${j}`, document: p as PolicyDocument })),
    }));
  const scp = evaluatePath(levels(c.scps), ctx);
  const rcpApplies = ["s3", "sqs", "sts"].includes(c.action.split(":")[0]);
  const rcp = rcpApplies ? evaluatePath(levels(c.rcps ?? c.scps.map(() => []), RCP_FULL_AWS_ACCESS), ctx) : { decision: "allowed" as const };
  if ((scp.decision === "denied" && scp.kind === "explicit") || (rcp.decision === "denied" && rcp.kind === "explicit")) return "ExplicitlyDenied";
  if (scp.decision === "denied" || rcp.decision === "denied") return "ImplicitlyDenied";
  if (scp.decision === "unknown" || rcp.decision === "unknown") throw new Error(`unknown for ${c.name}: with every key given nothing is unknown`);
  return "Allowed";
}

async function theirs(c: Case): Promise<Result> {
  const org = (list: readonly (readonly object[])[]) =>
    list.map((policies, i) => ({
      orgIdentifier: i === 0 ? "r-abcd" : i === list.length - 1 ? ACCOUNT : `ou-abcd-level${i}00`,
      policies: policies.map((policy, j) => ({ name: `p-${i}-${j}`, policy })),
    }));
  const result = await runSimulation(
    {
      identityPolicies: [{ name: "admin", policy: FULL_AWS_ACCESS }],
      serviceControlPolicies: org(c.scps),
      resourceControlPolicies: org(c.rcps ?? c.scps.map(() => [])),
      request: {
        action: c.action,
        principal: String(c.context["aws:PrincipalArn"]),
        resource: { resource: c.resource, accountId: ACCOUNT },
        contextVariables: c.context,
      },
    },
    {},
  );
  if (result.resultType !== "single") throw new Error(`iam-simulate could not run ${c.name}: ${JSON.stringify(result)}`.slice(0, 500));
  return result.overallResult as Result;
}

/** Root, one OU, the account: FullAWSAccess everywhere and the policy under test on the OU. */
function onOu(policy: object, extraOu: object[] = [FULL_AWS_ACCESS]): object[][] {
  return [[FULL_AWS_ACCESS], [...extraOu, policy], [FULL_AWS_ACCESS]];
}

function corpusCases(): Case[] {
  const cases: Case[] = [];
  const who = { "root session": ROOT_SESSION, "root user": ROOT_USER, role: ROLE };
  for (const [name, policy] of Object.entries(CORPUS)) {
    for (const [principal, context] of Object.entries(who)) {
      for (const [action, resource] of REQUESTS) {
        if (name === "allowListWithoutSqs") {
          // The allow-list replaces FullAWSAccess on the OU.
          cases.push({ name: `${name} / ${principal} / ${action}`, scps: [[FULL_AWS_ACCESS], [policy], [FULL_AWS_ACCESS]], action, resource, context });
        } else if (name === "rcpDenyRoot") {
          cases.push({
            name: `${name} / ${principal} / ${action}`,
            scps: [[FULL_AWS_ACCESS], [FULL_AWS_ACCESS], [FULL_AWS_ACCESS]],
            rcps: [[], [policy], []],
            action,
            resource,
            context,
          });
        } else if (name === "denyOutsideCorporateNetwork") {
          for (const ip of ["192.0.2.10", "198.51.100.7"]) {
            cases.push({
              name: `${name} / ${principal} / ${action} / from ${ip}`,
              scps: onOu(policy),
              action,
              resource,
              context: { ...context, "aws:SourceIp": ip, "aws:ViaAWSService": "false" },
            });
          }
        } else {
          cases.push({ name: `${name} / ${principal} / ${action}`, scps: onOu(policy), action, resource, context });
        }
      }
    }
  }
  return cases;
}

/** A small deterministic generator (mulberry32), so every run checks the same variations. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Conditions of every operator family, with IfExists and the set qualifiers, on keys present and absent. */
function generatedCases(count: number): Case[] {
  const next = random(18);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const families: { ops: string[]; key: string; values: string[]; context: string[] }[] = [
    {
      ops: ["StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike"],
      key: "aws:RequestedRegion",
      values: ["us-east-1", "US-EAST-1", "eu-*", "us-?ast-1", "ap-south-2"],
      context: ["us-east-1", "eu-west-1"],
    },
    {
      ops: ["ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike"],
      key: "aws:PrincipalArn",
      values: ["arn:aws:iam::*:root", "arn:*:iam::*:root", `arn:aws:iam::${ACCOUNT}:role/*`, "arn:aws:iam::333333333333:root", "arn:aws:iam::*:ROOT"],
      context: [ROOT_ARN, `arn:aws:iam::${ACCOUNT}:role/Admin`],
    },
    { ops: ["Bool"], key: "aws:AssumedRoot", values: ["true", "false", "TRUE"], context: ["true", "false"] },
    { ops: ["Null"], key: "aws:AssumedRoot", values: ["true", "false"], context: ["true"] },
    {
      ops: ["NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals"],
      key: "aws:MultiFactorAuthAge",
      values: ["0", "3600", "100"],
      context: ["100", "7200"],
    },
    {
      ops: ["DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals"],
      key: "aws:CurrentTime",
      values: ["2026-01-01T00:00:00Z", "2027-06-30T12:00:00Z"],
      context: ["2026-12-01T10:00:00Z", "2026-01-01T00:00:00Z"],
    },
    {
      ops: ["IpAddress", "NotIpAddress"],
      key: "aws:SourceIp",
      values: ["192.0.2.0/24", "10.0.0.0/8", "203.0.113.5/32"],
      context: ["192.0.2.44", "10.1.2.3", "198.51.100.1"],
    },
    {
      ops: [
        "ForAnyValue:StringLike",
        "ForAllValues:StringLike",
        "ForAnyValue:StringEquals",
        "ForAllValues:StringEquals",
        "ForAnyValue:StringNotEquals",
        "ForAllValues:StringNotEquals",
      ],
      key: "aws:PrincipalOrgPaths",
      values: ["o-abcdefghij/r-abcd/ou-abcd-level100/*", "o-abcdefghij/r-abcd/*", "o-zzzzzzzzzz/*"],
      context: ["o-abcdefghij/r-abcd/ou-abcd-level100/", "o-abcdefghij/r-abcd/ou-abcd-other000/"],
    },
  ];
  const cases: Case[] = [];
  for (let i = 0; i < count; i++) {
    const family = pick(families);
    let op = pick(family.ops);
    if (op !== "Null" && !op.startsWith("For") && next() < 0.3) op = `${op}IfExists`;
    const values = family.values.filter(() => next() < 0.5);
    if (values.length === 0) values.push(pick(family.values));
    // aws:PrincipalArn is in every request.
    const present = family.key === "aws:PrincipalArn" || next() < 0.75;
    const context: Record<string, string | string[]> = { ...ROOT_SESSION };
    if (family.key === "aws:AssumedRoot" && !present) delete context["aws:AssumedRoot"];
    else if (present) {
      const multi = family.key === "aws:PrincipalOrgPaths";
      const chosen = family.context.filter(() => next() < 0.6);
      context[family.key] = multi ? (chosen.length ? chosen : [family.context[0]]) : pick(family.context);
    } else delete context[family.key];
    const effect = next() < 0.6 ? "Deny" : "Allow";
    const [action, resource] = pick(REQUESTS);
    const statement = {
      Sid: `Gen${i}`,
      Effect: effect,
      Action: next() < 0.5 ? "*" : action.split(":")[0] + ":*",
      Resource: "*",
      Condition: { [op]: { [family.key]: values.length === 1 ? values[0] : values } },
    };
    // An Allow statement stands in for FullAWSAccess on the OU (conditional allow-list); a Deny sits beside it.
    const scps =
      effect === "Deny"
        ? onOu({ Version: "2012-10-17", Statement: [statement] })
        : [[FULL_AWS_ACCESS], [{ Version: "2012-10-17", Statement: [statement] }], [FULL_AWS_ACCESS]];
    cases.push({
      name: `generated #${i}: ${effect} ${op} ${family.key} ${JSON.stringify(values)} with ${JSON.stringify(context[family.key] ?? "(absent)")} on ${action}`,
      scps,
      action,
      resource,
      context,
    });
  }
  return cases;
}

describe("the SCP/RCP evaluator agrees with iam-simulate", () => {
  const cases = [...corpusCases(), ...generatedCases(400)];

  it(`on ${cases.length} cases: the real-world corpus for root sessions, root users and roles, and generated variations`, async () => {
    const disagreements: string[] = [];
    for (const c of cases) {
      const [a, b] = [ours(c), await theirs(c)];
      if (a !== b) disagreements.push(`${c.name}: ours ${a}, iam-simulate ${b}`);
    }
    expect(disagreements).toEqual([]);
  });

  it("covers every shape: the corpus denies and allows root sessions in both ways", async () => {
    const results = new Set(corpusCases().map(ours));
    expect([...results].sort()).toEqual(["Allowed", "ExplicitlyDenied", "ImplicitlyDenied"]);
  });
});
