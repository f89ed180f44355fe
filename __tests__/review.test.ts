// root-access review on real inputs: stacks synthesized by this project and plans made by the real
// terraform (see scripts/make-review-fixtures.ts, which regenerates __tests__/fixtures/review).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { reviewPlan } from "../lib/domain/review/plan-review";
import { readSynthDir } from "../lib/cli/io/review-files";
import { renderMarkdown } from "../lib/cli/render/review";
import { diffStacks } from "../lib/domain/review/synth-diff";
import { stackModel } from "../lib/domain/review/synth-model";
import { finding, REVIEW_RULES, reviewRulesMarkdown } from "../lib/domain/review/rules";
import { runCli } from "./support/cli";
import { synthOrganization } from "./support/synth";

const FIX = join(__dirname, "fixtures", "review");
const synthFindings = (c: string) => diffStacks(readSynthDir(join(FIX, c, "base")), readSynthDir(join(FIX, c, "head"))).filter((f) => f.level !== "low");
const planFindings = (c: string) => reviewPlan("main", `${c}/main.plan.json`, JSON.parse(readFileSync(join(FIX, c, "main.plan.json"), "utf8"))).findings;
const summary = (fs: { level: string; rule: string; message: string }[]) => fs.map((f) => `${f.level} ${f.rule}: ${f.message}`);

describe("review rules, each triggered and not", () => {
  it.each([
    ["drop-sso", ["critical principal-loses-trusted-access: sso.amazonaws.com would lose trusted access"]],
    ["policy-type-dropped", ["critical policy-type-disabled: policy type TAG_POLICY would be disabled"]],
    ["feature-removed", ["high feature-disabled: RootSessions would be disabled"]],
    ["delegated-admin-removed", ["high delegated-admin-removed: the IAM delegated administrator 222222222222 would be deregistered"]],
    ["scp-detached-and-narrowed", ["high scp-detached: SCP DenyRootUserOutsideAssumeRoot would be detached from ou-ex12-11111111"]],
    [
      "role-widened",
      [
        "medium operator-role-task-policies: operator role RootAccessAuditor gains task policies IAMDeleteRootUserCredentials",
        "medium operator-role-principals: operator role RootAccessAuditor is trusted by arn:aws:iam::111111111111:role/Contractors",
        "medium operator-role-mfa: operator role RootAccessAuditor no longer requires MFA",
      ],
    ],
    [
      "organization-to-service-access",
      [
        "critical organization-removed: the organization resource leaves the stack (organization -> service-access mode): Terraform would plan to delete the organization",
      ],
    ],
  ])("synth diff flags %s", (c, expected) => {
    expect(summary(synthFindings(c))).toEqual(expected);
  });

  it.each([
    ["drop-sso", ["critical principal-loses-trusted-access: sso.amazonaws.com would lose trusted access"]],
    ["policy-type-dropped", ["critical policy-type-disabled: policy type TAG_POLICY would be disabled"]],
    [
      "organization-removed",
      ["critical organization-deleted: the organization o-exampleorgid would be deleted (aws_organizations_organization.root-access_organization_85124E76)"],
    ],
    ["feature-removed", ["high feature-disabled: RootSessions would be disabled"]],
    ["delegated-admin-removed", ["high delegated-admin-removed: the IAM delegated administrator 222222222222 would be deregistered"]],
    [
      "scp-detached-and-narrowed",
      [
        "high scp-deny-narrowed: SCP DenyRootUserOutsideAssumeRoot: a deny statement is removed or changed",
        "high scp-detached: SCP DenyRootUserOutsideAssumeRoot would be detached from ou-ex12-11111111",
      ],
    ],
    [
      "role-widened",
      [
        "medium operator-role-principals: operator role RootAccessAuditor is trusted by arn:aws:iam::111111111111:role/Contractors",
        "medium operator-role-mfa: operator role RootAccessAuditor no longer requires MFA",
        "medium operator-role-task-policies: operator role RootAccessAuditor gains task policies IAMDeleteRootUserCredentials",
      ],
    ],
  ])("plan flags %s", (c, expected) => {
    expect(summary(planFindings(c)).sort()).toEqual([...expected].sort());
  });

  it.each(["lab-create", "add-sso", "feature-added", "scp-attached", "role-narrowed"])("flags nothing risky for the safe change %s", (c) => {
    expect(planFindings(c).filter((f) => f.level !== "low")).toEqual([]);
    if (c !== "lab-create") expect(synthFindings(c)).toEqual([]);
  });

  it("lists the plan's resources per action, with the import hidden in updates", () => {
    const review = reviewPlan("main", "x", JSON.parse(readFileSync(join(FIX, "lab-create", "main.plan.json"), "utf8")));
    expect(review.actions).toEqual({
      create: ["aws_iam_organizations_features.root-access_features_EF27E5AD", "aws_organizations_organization.root-access_organization_85124E76"],
      update: [],
      replace: [],
      delete: [],
      import: [],
    });
    expect(review.outputs).toEqual(["enabled_features: create", "organization_id: create"]);
  });

  it("puts drift in its own section", () => {
    const plan = JSON.parse(readFileSync(join(FIX, "drop-sso", "main.plan.json"), "utf8"));
    const organization = plan.resource_changes.find((c: any) => c.type === "aws_organizations_organization");
    plan.resource_drift = [{ ...organization, change: { ...organization.change, actions: ["update"] } }];
    const review = reviewPlan("main", "drop-sso.json", plan);
    expect(review.drift).toEqual(["aws_organizations_organization.root-access_organization_85124E76: changed outside Terraform (update)"]);
    expect(renderMarkdown({ synthFindings: [], plans: [review] })).toContain(
      "**Drift** (changed outside Terraform):\n- aws_organizations_organization.root-access_organization_85124E76: changed outside Terraform (update)",
    );
  });

  it("leaves provider quirks out of drift: tags null -> {}, a topic policy AWS re-serialised", () => {
    const plan = JSON.parse(readFileSync(join(FIX, "drop-sso", "main.plan.json"), "utf8"));
    const policy = {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "Rule",
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: ["sns:Publish"],
          Resource: "arn:aws:sns:us-east-1:111111111111:t",
        },
      ],
    };
    const normalised = {
      Statement: [
        {
          Action: "sns:Publish",
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Resource: "arn:aws:sns:us-east-1:111111111111:t",
          Sid: "Rule",
        },
      ],
      Version: "2012-10-17",
    };
    const drift = (address: string, before: unknown, after: unknown) => ({
      address,
      type: address.split(".")[0],
      change: { actions: ["update"], before, after },
    });
    plan.resource_drift = [
      drift("aws_sns_topic.t", { name: "t", tags: null, tags_all: {} }, { name: "t", tags: {}, tags_all: {} }),
      drift("aws_sns_topic_policy.p", { policy: JSON.stringify(policy) }, { policy: JSON.stringify(normalised) }),
      drift(
        "aws_organizations_organization.o",
        { aws_service_access_principals: ["iam.amazonaws.com"] },
        { aws_service_access_principals: ["iam.amazonaws.com", "sso.amazonaws.com"] },
      ),
    ];
    expect(reviewPlan("main", "x.json", plan).drift).toEqual(["aws_organizations_organization.o: changed outside Terraform (update)"]);
  });
});

describe("root-access review (CLI)", () => {
  const dir = (c: string, side: string) => join(FIX, c, side);

  it("puts SSO losing trusted access in the verdict line as critical, from synth and from plan, and exits 1 with --fail-on critical", async () => {
    const bySynth = await runCli(["review", "--synth", dir("drop-sso", "head"), "--base", dir("drop-sso", "base"), "--fail-on", "critical"]);
    const byPlan = await runCli(["review", "--plan", join(FIX, "drop-sso", "main.plan.json"), "--fail-on", "critical"]);
    for (const run of [bySynth, byPlan]) {
      expect(run.code).toBe(1);
      expect(run.stdout.split("\n")[2]).toBe("🛑 **1 critical change**: sso.amazonaws.com would lose trusted access");
    }
  });

  it("exits 0 with --fail-on critical when the worst is high, and 1 with --fail-on high", async () => {
    const args = ["review", "--plan", join(FIX, "feature-removed", "main.plan.json")];
    expect((await runCli([...args, "--fail-on", "critical"])).code).toBe(0);
    expect((await runCli([...args, "--fail-on", "high"])).code).toBe(1);
    expect((await runCli([...args, "--fail-on", "medium"])).code).toBe(1);
    expect((await runCli(args)).code).toBe(0);
  });

  it("writes JSON with the same findings and levels for CI gates", async () => {
    const run = await runCli(["review", "--synth", dir("role-widened", "head"), "--base", dir("role-widened", "base"), "--format", "json"]);
    const json = JSON.parse(run.stdout);
    expect(json.counts).toEqual({ critical: 0, high: 0, medium: 3, low: 0 });
    expect(json.verdict).toBe(
      "🟠 3 medium changes: operator role RootAccessAuditor gains task policies IAMDeleteRootUserCredentials; operator role RootAccessAuditor is trusted by arn:aws:iam::111111111111:role/Contractors; operator role RootAccessAuditor no longer requires MFA",
    );
    expect(json.findings[0]).toEqual({
      level: "medium",
      stack: "main",
      rule: "operator-role-task-policies",
      message: "operator role RootAccessAuditor gains task policies IAMDeleteRootUserCredentials",
      // check's field names, added beside review's (never renamed).
      code: "operator-role-task-policies",
      organization: "main",
    });
    expect(json.stacks[0].roles[0].taskPolicies).toEqual([
      "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials",
      "arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials",
    ]);
  });

  it("shows a narrowed SCP as a diff fence, and what each stack declares folded away", async () => {
    const run = await runCli([
      "review",
      "--synth",
      dir("scp-detached-and-narrowed", "head"),
      "--plan",
      join(FIX, "scp-detached-and-narrowed", "main.plan.json"),
    ]);
    expect(run.stdout).toContain('```diff\n  {\n    "Version": "2012-10-17",');
    expect(run.stdout).toContain('-       "Sid": "DenyLeavingOrganization",');
    expect(run.stdout).toContain(
      "<details><summary>Stack main declares</summary>\n\n- trusted access: organization (iam.amazonaws.com), imports o-exampleorgid\n- policy types: SERVICE_CONTROL_POLICY",
    );
    expect(run.stdout).toContain("- SCP DenyRootUserOutsideAssumeRoot attached to r-ex12");
  });

  it("stays under 60,000 characters, saying what it cut", () => {
    const findings = Array.from({ length: 2000 }, (_, i) =>
      finding("main", "operator-role-principals", `operator role R${i} is trusted by ${"arn:aws:iam::111111111111:role/x".repeat(3)}`),
    );
    const plans = Array.from({ length: 400 }, (_, i) =>
      reviewPlan(`s${i}`, `s${i}.json`, JSON.parse(readFileSync(join(FIX, "lab-create", "main.plan.json"), "utf8"))),
    );
    const md = renderMarkdown({ synthFindings: findings.slice(0, 100), plans: plans.slice(0, 20) });
    expect(md).not.toContain("cut");
    expect(md.length).toBeLessThan(60_000);
    const big = renderMarkdown({ synthFindings: findings, plans });
    expect(big.length).toBeLessThan(60_000);
    expect(big).toContain("more risky changes cut; run root-access review --format json for everything._");
    expect(big).toMatch(/_… \d+ more sections cut to stay under 60,000 characters; run root-access review --format json for everything\._$/);
  });

  it.each([
    [["review"], "root-access: review needs --synth DIR (optionally with --base DIR) and/or --plan FILE..."],
    [["review", "--base", "x"], "root-access: --base DIR is compared with --synth DIR: give both"],
    [["review", "--synth", "/nonexistent"], "root-access: /nonexistent: no such folder; expected a cdktf synth output (e.g. cdktf.out)"],
  ])("refuses %j with one line, exit 2", async (args, message) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`${message}\n`);
  });

  it("refuses a file that is not a plan", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "ra-review-")), "plan.json");
    writeFileSync(file, "{}");
    const run = await runCli(["review", "--plan", file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`root-access: ${file}: not a terraform plan in JSON (make it with terraform show -json PLANFILE): no format_version\n`);
  });
});

describe("review of stacks that forget instead of delete (removed blocks)", () => {
  const synthOf = (entry: Record<string, unknown>) => stackModel("main", synthOrganization(entry).json as any);
  const organization = {
    name: "main",
    region: "us-east-1",
    delegatedAdministrator: { accountId: "222222222222" },
    trustedAccess: { mode: "organization", organizationId: "o-abc123defg" },
  };

  it("calls a switch out of organization mode a forgotten organization, not a deletion", () => {
    const findings = diffStacks([synthOf(organization)], [synthOf({ ...organization, trustedAccess: { mode: "external" } })]);
    expect(findings.map((f) => `${f.level} ${f.rule}`)).toEqual(["low organization-forgotten"]);
  });

  it("calls stopManaging what it is: everything forgotten, nothing disabled or deregistered", () => {
    const findings = diffStacks([synthOf(organization)], [synthOf({ ...organization, stopManaging: true })]);
    expect(findings.filter((f) => f.level !== "low").map((f) => `${f.level} ${f.rule}`)).toEqual(["medium stack-stops-managing"]);
    expect(findings.map((f) => f.rule)).toEqual(expect.arrayContaining(["organization-forgotten", "features-forgotten", "delegated-admin-forgotten"]));
  });

  const MGMT = "111111111111";
  const role = (name: string, extra: Record<string, unknown> = {}) => ({
    name,
    taskPolicies: ["IAMAuditRootUserCredentials"],
    trustedPrincipalArns: [`arn:aws:iam::${MGMT}:role/Security`],
    targetAccountIds: ["*"],
    ...extra,
  });
  it.each([
    [
      "operator roles in both accounts",
      {
        operatorRoles: [role("Auditor"), role("Remote", { in: "delegated-administrator" })],
        delegatedAdministratorRoleArn: "arn:aws:iam::222222222222:role/terraform",
      },
      ["operator-role-forgotten", "operator-role-forgotten"],
    ],
    ["the root-denying SCP", { denyRootScp: { targetIds: ["r-ab12", "ou-ab12-11111111"] } }, ["scp-forgotten"]],
    ["alerts to a topic of the stack", { assumeRootAlerts: { emails: ["security@example.com"] } }, ["alerts-forgotten"]],
    ["alerts to an existing topic", { assumeRootAlerts: { snsTopicArn: `arn:aws:sns:us-east-1:${MGMT}:alerts` } }, ["alerts-forgotten"]],
  ])("with stopManaging, %s are forgotten, never deleted or removed", (_what, guardrails, rules) => {
    const entry = { ...organization, managementAccountId: MGMT, guardrails };
    const findings = diffStacks([synthOf(entry)], [synthOf({ ...entry, stopManaging: true })]);
    expect(findings.filter((f) => f.level !== "low").map((f) => f.rule)).toEqual(["stack-stops-managing"]);
    expect(findings.filter((f) => /-(removed|deleted|detached)$/.test(f.rule)).map((f) => f.message)).toEqual([]);
    expect(findings.map((f) => f.rule)).toEqual(expect.arrayContaining(rules));
    expect(findings.find((f) => f.rule === rules[0])?.message).toMatch(/Terraform forgets (it|them) \(removed blocks?\)/);
  });

  it.each([
    ["organization", { mode: "organization", organizationId: "o-abc123defg" }],
    ["external", { mode: "external" }],
  ])("reports destroyDisables in %s mode as high: each root-access resource that loses prevent_destroy", (_mode, trustedAccess) => {
    const entry = { ...organization, trustedAccess };
    const findings = diffStacks([synthOf(entry)], [synthOf({ ...entry, destroyDisables: true })]);
    const lost = findings.filter((f) => f.rule === "prevent-destroy-removed");
    expect(lost.map((f) => f.level)).toEqual(lost.map(() => "high"));
    expect(lost.map((f) => f.message.split(" ")[0].split(".")[0]).sort()).toEqual([
      "aws_iam_organizations_features",
      "aws_organizations_delegated_administrator",
    ]);
    expect(lost[0].message).toContain("loses prevent_destroy (destroyDisables): the next cdktf destroy would turn it off");
  });
});

describe("the review-rule table", () => {
  it("has every rule the review code raises, once, and the README's level table is generated from it", () => {
    const ids = REVIEW_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    const source = ["synth-diff.ts", "plan-review.ts"].map((f) => readFileSync(join(__dirname, "..", "lib", "domain", "review", f), "utf8")).join("\n");
    const raised = [...new Set([...source.matchAll(/(?:add|finding)\(\s*(?:[\w.]+,\s*)?"([a-z-]+)"/g)].map((m) => m[1]))].sort();
    expect(raised).toEqual([...ids].sort());
    expect(readFileSync(join(__dirname, "..", "README.md"), "utf8")).toContain(reviewRulesMarkdown());
  });
});
