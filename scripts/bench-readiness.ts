// npm run bench:readiness: `root-access readiness` on 10,000 accounts in 200 OUs with 50 policies,
// against the local AWS fake at 50 ms per call (real SDK, real wire protocol). Budget (DESIGN.md):
// at most 1,000 Organizations calls and 30 s. Counts the calls per operation and times the run.
import { createClients } from "../lib/aws/clients";
import { OrganizationsApi } from "../lib/aws/organizations-api";
import { readiness } from "../lib/domain/readiness/readiness-report";
import { FakeAws, FakeOrganization } from "../tools/fake-aws";
import { CORPUS } from "../tools/fake-aws/policy-corpus";

const ACCOUNTS = 10_000;
const TOP_OUS = 20;
const CHILD_OUS = 9; // 20 top-level OUs with 9 child OUs each, plus the 20: 200 OUs
const CUSTOM_SCPS = 40;
const CUSTOM_RCPS = 8; // with FullAWSAccess and RCPFullAWSAccess: 50 policies
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const BUDGET = { calls: 1_000, seconds: 30 };

function organization(): FakeOrganization {
  const org = new FakeOrganization().enableRootAccess();
  const ous: string[] = [];
  for (let t = 0; t < TOP_OUS; t++) {
    const top = `ou-ex12-top${String(t).padStart(5, "0")}`;
    org.addOrganizationalUnit(top, `top-${t}`);
    ous.push(top);
    for (let c = 0; c < CHILD_OUS; c++) {
      const child = `ou-ex12-c${String(t).padStart(3, "0")}${String(c).padStart(3, "0")}`;
      org.addOrganizationalUnit(child, `top-${t}-child-${c}`, top);
      ous.push(child);
    }
  }
  for (let i = 0; i < ACCOUNTS; i++) org.addAccount({ id: String(200000000000 + i), name: `workload-${i}`, parentId: ous[i % ous.length] });
  const shapes = Object.values(CORPUS).filter((p) => p !== CORPUS.rcpDenyRoot && p !== CORPUS.allowListWithoutSqs);
  org.addPolicy({ id: "p-denyroot00", name: "deny-root", type: "SERVICE_CONTROL_POLICY", content: CORPUS.awsDenyRootExemptingSessions, targets: [org.rootId] });
  for (let i = 1; i < CUSTOM_SCPS; i++) {
    // Each on an OU and on another OU or an account: 39 x 2 targets.
    const targets = [ous[(i * 7) % ous.length], i % 2 ? ous[(i * 13 + 1) % ous.length] : String(200000000000 + i * 211)];
    org.addPolicy({ id: `p-scp${String(i).padStart(6, "0")}`, name: `scp-${i}`, type: "SERVICE_CONTROL_POLICY", content: shapes[i % shapes.length], targets });
  }
  for (let i = 0; i < CUSTOM_RCPS; i++) {
    org.addPolicy({
      id: `p-rcp${String(i).padStart(6, "0")}`,
      name: `rcp-${i}`,
      type: "RESOURCE_CONTROL_POLICY",
      content: CORPUS.rcpDenyRoot,
      targets: [ous[(i * 17) % ous.length]],
    });
  }
  return org;
}

async function main(): Promise<void> {
  const org = organization();
  const fake = new FakeAws(org, { latencyMs: LATENCY_MS });
  await fake.start();
  Object.assign(process.env, fake.env());
  const clients = await createClients({});
  const organizations = new OrganizationsApi({ organizations: clients.client("organizations"), iam: clients.client("iam"), sts: clients.client("sts") });
  try {
    const started = performance.now();
    const report = await readiness({ organizations }, { partition: "aws", region: "us-east-1" });
    const seconds = (performance.now() - started) / 1000;
    const calls = [...fake.calls.entries()].filter(([op]) => op.startsWith("organizations:")).sort();
    const total = calls.reduce((n, [, c]) => n + c, 0);
    const policies = [...org.policies.values()].length;
    process.stdout.write(
      `readiness: ${report.accounts.length} accounts x 5 tasks in ${org.organizationalUnits.size} OUs with ${policies} policies, ${LATENCY_MS} ms per call\n`,
    );
    for (const [op, n] of calls) process.stdout.write(`  ${op.padEnd(50)} ${n}\n`);
    process.stdout.write(
      "  calls = DescribeOrganization + ListRoots + per parent (root and OUs) 1 ListOrganizationalUnitsForParent and ceil(accounts/20) ListAccountsForParent\n" +
        "          + ListPolicies per type and page + DescribePolicy per policy + ListTargetsForPolicy per policy but FullAWSAccess/RCPFullAWSAccess\n" +
        "          + ListPoliciesForTarget per target of those SCPs where they alone do not decide every root-session action\n",
    );
    process.stdout.write(`  Organizations calls: ${total} (budget ${BUDGET.calls}); time ${seconds.toFixed(1)} s (budget ${BUDGET.seconds} s)\n`);
    process.stdout.write(
      `  verdicts: ${report.summary.ready} ready, ${report.summary.blocked} blocked, ${report.summary.partial} partial, ${report.summary.unknown} unknown\n`,
    );
    process.stdout.write(`  (time measured on a shared machine: other processes' load adds to it; the call count does not depend on load)\n`);
    if (total > BUDGET.calls || seconds > BUDGET.seconds) process.exitCode = 1;
  } finally {
    clients.destroy();
    await fake.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exitCode = 1;
});
