// The readiness, remediation plan and apply result pages as HtmlReport models (in process): the real
// totals, per-OU counts, rows and details, and the rendered page keeping hostile values as text.
import { applyHtmlReport, planHtmlReport } from "../lib/cli/render/remediation-html";
import { readinessHtmlReport } from "../lib/cli/render/readiness-html";
import { renderReadiness } from "../lib/cli/render/readiness";
import { renderApplyResult, renderPlan } from "../lib/cli/render/remediation";
import type { HtmlReport, HtmlTreeNode } from "../lib/cli/render/html-report";
import { ouGroups, treeFromPaths } from "../lib/cli/render/html-ou-tree";
import { applyResult, CT_STATEMENT, readinessReport, remediationPlan } from "./support/html-fixtures";
import { HOSTILE_NAME } from "./support/hostile";
import { runCli } from "./support/cli";

const totals = (r: HtmlReport, title: string) => Object.fromEntries(r.totals.find((g) => g.title === title)!.items.map((i) => [i.label, i.value]));
const row = (r: HtmlReport, id: string) => r.rows.find((x) => x.id === id)!;
const detail = (r: HtmlReport, id: string, label: string) => row(r, id).details!.find((d) => d.label === label)?.value;
/** name: {segment: count} for every node, depth first. */
const flat = (nodes: readonly HtmlTreeNode[], prefix = ""): Record<string, Readonly<Record<string, number>>> =>
  Object.assign({}, ...nodes.map((n) => ({ [`${prefix}${n.name}`]: n.counts, ...flat(n.children, `${prefix}${n.name}/`) })));

/** No markup from a value: the only elements are the page's own. */
function expectInert(html: string): void {
  expect(html).not.toContain("<img");
  // The hostile account name is in the embedded data, as JSON with "<" escaped.
  const data = /<script type="application\/json" id="report-data">([^<]*)<\/script>/.exec(html)?.[1];
  expect(data).toContain("\\u003cimg src=x onerror=");
  expect(JSON.stringify(JSON.parse(data!))).toContain(JSON.stringify(HOSTILE_NAME).slice(1, -1));
  expect(html.match(/<script/g)).toEqual(["<script", "<script"]);
  expect(html).not.toMatch(/<[^>]*\s(?:src|href)=/i);
}

describe("OU trees from ouPath strings", () => {
  it("nests nodes by path, counts every item at or under a node, and names the groups a row belongs to", () => {
    const items = [
      { path: "Root/Workloads/Prod", s: "bad" },
      { path: "Root/Workloads/Dev", s: "good" },
      { path: "Root/Workloads/Prod", s: "good" },
      { path: "Root", s: "good" },
      { path: "", s: "bad" },
    ];
    const roots = treeFromPaths(
      items,
      (i) => i.path,
      (i) => i.s,
    );
    expect(flat(roots)).toEqual({
      Root: { bad: 1, good: 3 },
      "Root/Workloads": { bad: 1, good: 2 },
      "Root/Workloads/Prod": { bad: 1, good: 1 },
      "Root/Workloads/Dev": { good: 1 },
    });
    expect(roots[0].children[0].children.map((n) => n.id)).toEqual(["ou:Root/Workloads/Prod", "ou:Root/Workloads/Dev"]);
    expect(ouGroups("Root/Workloads/Prod")).toEqual(["ou:Root", "ou:Root/Workloads", "ou:Root/Workloads/Prod"]);
    expect(ouGroups("")).toEqual([]);
  });
});

describe("the readiness page model", () => {
  const report = readinessReport(12);
  const page = readinessHtmlReport(report, { caller: "arn:aws:sts::111111111111:assumed-role/Auditor/alice", selection: "every ACTIVE member account" });

  it("has the header facts, the verdict and the cells by verdict", () => {
    expect(page.kind).toBe("readiness");
    expect(page.title).toBe("Root-session readiness of o-exampleorgid");
    expect(page.verdict).toEqual({ text: "Root sessions blocked: 4 of 24 account x task cells", tone: "bad" });
    expect(page.facts).toEqual([
      { label: "Organization", value: "o-exampleorgid" },
      { label: "Generated", value: "2026-12-01T10:00:00.000Z" },
      { label: "Run by", value: "arn:aws:sts::111111111111:assumed-role/Auditor/alice" },
      { label: "Selected", value: "every ACTIVE member account" },
      { label: "Task policies", value: "IAMAuditRootUserCredentials, IAMDeleteRootUserCredentials" },
    ]);
    expect(totals(page, "Account x task cells by verdict")).toEqual({ accounts: 12, ready: 16, blocked: 4, partial: 3, unknown: 1 });
  });

  it("lists the blocking policies most accounts first, each with what to change", () => {
    expect(page.totals[1]).toEqual({
      title: "Blocked accounts by policy (most first)",
      items: [
        {
          label: "blocked by SCP p-ctroot0001 (aws-guardrails-RestrictRoot) on ou-ex12-prod0001, statement GRRESTRICTROOTUSER (explicit deny)",
          value: 4,
          tone: "bad",
        },
        { label: "blocked by SCP p-allowlist01 (allow-list) on r-ex12, no Allow statement (implicit deny)", value: 3, tone: "bad" },
      ],
    });
    const change = page.sections!.find((s) => s.title === "What to change (most accounts first)")!;
    expect(change.paragraphs[0]).toBe(
      "SCP p-ctroot0001 (aws-guardrails-RestrictRoot) on ou-ex12-prod0001, statement GRRESTRICTROOTUSER (explicit deny of iam:DeleteLoginProfile, iam:DeleteAccessKey), blocking 4 accounts (delete): set the ExemptAssumeRoot parameter of Control Tower's restrict-root-user control on the OU ou-ex12-prod0001 (its service control policy p-ctroot0001 denies root sessions otherwise); do not edit the control's policy by hand.",
    );
    expect(change.paragraphs[1]).toMatch(
      /^SCP p-allowlist01 \(allow-list\) on r-ex12, no Allow statement \(implicit deny of iam:ListSigningCertificates\), blocking 3 accounts \(audit\): allow/,
    );
  });

  it("summarizes per OU from the ouPath strings, by each account's worst verdict", () => {
    expect(page.tree!.segments.map((s) => s.key)).toEqual(["blocked", "partial", "unknown", "ready"]);
    expect(flat(page.tree!.roots)).toEqual({
      Root: { blocked: 4, partial: 2, unknown: 1, ready: 5 },
      "Root/Workloads": { blocked: 4, partial: 1, ready: 3 },
      "Root/Workloads/Dev": { partial: 1, ready: 3 },
      "Root/Workloads/Prod": { blocked: 4 },
      "Root/Sandbox": { partial: 1, unknown: 1, ready: 2 },
    });
  });

  it("has one row per account with each task's verdict, the blocking statements and the unknown reasons", () => {
    expect(page.columns.map((c) => c.label)).toEqual(["Account", "Name", "OU path", "audit", "delete"]);
    expect(page.rows.map((r) => r.id)).toEqual(report.accounts.map((a) => a.accountId));
    expect(row(page, "200000000003").cells.name).toBe(HOSTILE_NAME);
    expect(row(page, "200000000012")).toMatchObject({
      cells: {
        account: "200000000012",
        ou: "Root/Workloads/Prod",
        IAMAuditRootUserCredentials: "partial (ListSigningCertificates denied)",
        IAMDeleteRootUserCredentials: "blocked",
      },
      status: { label: "blocked", tone: "bad" },
      groups: ["ou:Root", "ou:Root/Workloads", "ou:Root/Workloads/Prod"],
    });
    expect(detail(page, "200000000012", "delete (IAMDeleteRootUserCredentials): blocked, blocked by")).toEqual([
      `SCP p-ctroot0001 (aws-guardrails-RestrictRoot) attached to ou-ex12-prod0001, statement "GRRESTRICTROOTUSER" (#0), explicit deny: ${CT_STATEMENT.actions.join(", ")}`,
    ]);
    expect(detail(page, "200000000012", "audit (IAMAuditRootUserCredentials): partial, blocked by")).toEqual([
      "SCP p-allowlist01 (allow-list) attached to r-ex12, no statement allows, implicit deny: iam:ListSigningCertificates",
    ]);
    expect(detail(page, "200000000005", "delete (IAMDeleteRootUserCredentials): unknown because")).toBe(
      'statement "DenyOffHours" of p-offhours01 has a condition on aws:CurrentTime, which a prediction cannot know',
    );
    expect(row(page, "200000000005").status).toEqual({ label: "unknown", tone: "info" });
    expect(row(page, "200000000001")).toMatchObject({ status: { label: "ready", tone: "good" }, details: [{ label: "OU path", value: "Root/Workloads/Dev" }] });
  });

  it("says ready when nothing blocks, with no policy list", () => {
    const ready = readinessReport(2);
    const clean = readinessHtmlReport({ ...ready, summary: { ...ready.summary, blockingPolicies: [] } }, { selection: "2 accounts" });
    expect(clean.verdict).toEqual({ text: "Root sessions ready in all 4 account x task cells", tone: "good" });
    expect(clean.totals.map((t) => t.title)).toEqual(["Account x task cells by verdict"]);
    expect(clean.facts.map((f) => f.label)).not.toContain("Run by");
  });

  it("renders through renderReadiness as one inert page", () => {
    const html = renderReadiness(report, "html", false, { selection: HOSTILE_NAME });
    expectInert(html);
    expect(html).toContain("<dt>Selected</dt><dd>&lt;img src=x onerror=&quot;document.title=&#39;pwned&#39;&quot;&gt;");
    expect(html).toContain('<body data-report="readiness">');
  });
});

describe("the remediation plan page model", () => {
  const plan = remediationPlan(12);
  const page = planHtmlReport(plan);

  it("has the plan's facts and totals: items by kind, held back, blocked, errors", () => {
    expect(page.title).toBe("Root credentials remediation plan for o-exampleorgid");
    expect(page.verdict).toEqual({ text: "Incomplete: 1 account could not be planned; 8 items to delete in 4 accounts", tone: "warn" });
    expect(Object.fromEntries(page.facts.map((f) => [f.label, f.value]))).toEqual({
      Organization: "o-exampleorgid",
      Created: "2026-12-01T09:00:00.000Z",
      "Planned by": "arn:aws:sts::111111111111:assumed-role/Ops/alice",
      Selected: "every account",
      Kinds: "login-profile, access-keys, mfa-devices, signing-certificates",
      "Keys held back if used within": "90 days",
      "Active certificates": "held back",
      "Readiness prediction": "used",
    });
    expect(totals(page, "Plan")).toEqual({
      "items to delete": 8,
      "accounts with items": 4,
      "held back": 1,
      "accounts blocked": 4,
      "accounts with errors": 1,
      skipped: 1,
      "accounts audited": 12,
    });
    expect(totals(page, "Items to delete by kind")).toEqual({ "login-profile": 4, "access-keys": 4, "mfa-devices": 0, "signing-certificates": 0 });
  });

  it("summarizes per OU and has a row per account, the skipped one included", () => {
    expect(flat(page.tree!.roots)).toEqual({
      Root: { "to delete": 4, "nothing to do": 3, blocked: 4, error: 1 },
      "Root/Workloads": { "to delete": 2, error: 1, blocked: 4, "nothing to do": 1 },
      "Root/Workloads/Dev": { "to delete": 2, error: 1, "nothing to do": 1 },
      "Root/Workloads/Prod": { blocked: 4 },
      "Root/Sandbox": { "nothing to do": 2, "to delete": 2 },
    });
    expect(page.rows.map((r) => r.id)).toEqual([...plan.accounts.map((a) => a.accountId), "111111111111"]);
    expect(row(page, "111111111111")).toMatchObject({ status: { label: "skipped" }, cells: { note: "management account: not a root session target" } });
  });

  it("details each account's items, held-back items, blocking statements and errors", () => {
    expect(row(page, "200000000007")).toMatchObject({ cells: { items: 2, heldBack: 1, prediction: "ready" }, status: { label: "to delete", tone: "info" } });
    expect(detail(page, "200000000007", "Delete")).toEqual([
      "login-profile, created 2019-05-01T00:00:00.000Z",
      "access-keys AKIAROOT7, created 2020-01-01T00:00:00.000Z, last used 2024-02-03T00:00:00.000Z",
    ]);
    expect(detail(page, "200000000007", "Held back")).toEqual(["access-keys AKIARECENT7: used 2026-11-20, within 90 days (--keep-used-within)"]);
    expect(row(page, "200000000006").status).toEqual({ label: "blocked", tone: "bad" });
    expect(detail(page, "200000000006", "Blocked by")).toEqual([
      'SCP p-ctroot0001 (aws-guardrails-RestrictRoot) attached to ou-ex12-prod0001, statement "GRRESTRICTROOTUSER" (#0), explicit deny: iam:DeleteLoginProfile, iam:DeleteAccessKey',
    ]);
    expect(detail(page, "200000000004", "Error AccessDenied")).toBe("not authorized to perform: sts:AssumeRoot (nothing planned here)");
    expect(row(page, "200000000004").cells.note).toBe("AccessDenied: not authorized to perform: sts:AssumeRoot");
  });

  it("renders through renderPlan as one inert page", () => {
    const html = renderPlan(plan, "html");
    expectInert(html);
    expect(html).toContain('<body data-report="remediation plan">');
  });
});

describe("the remediation apply page model", () => {
  const plan = remediationPlan(12);
  const result = applyResult(plan);
  const context = { plan, planName: "plan.json", generatedAt: "2026-12-01T11:00:00.000Z" };
  const page = applyHtmlReport(result, context);

  it("has the status per account and item results in the totals", () => {
    expect(page.title).toBe("Root credentials remediation of o-exampleorgid");
    expect(page.verdict).toEqual({ text: "1 account failed; 6 items deleted", tone: "bad" });
    expect(page.facts).toContainEqual({ label: "Plan", value: "plan.json (created 2026-12-01T09:00:00.000Z)" });
    expect(totals(page, "Accounts by status")).toEqual({
      done: 3,
      "nothing to do": 3,
      "held back": 0,
      "new since plan": 0,
      blocked: 4,
      error: 1,
      failed: 1,
      interrupted: 0,
    });
    expect(totals(page, "Items by result")).toEqual({ deleted: 6, "already absent": 1, failed: 1, "new since plan": 0, "held back": 0, "not done": 0 });
  });

  it("has a row per planned account, named from the plan, with each item's result", () => {
    expect(page.rows.map((r) => r.id)).toEqual(plan.accounts.map((a) => a.accountId));
    expect(row(page, "200000000003").cells.name).toBe(HOSTILE_NAME);
    expect(row(page, "200000000001")).toMatchObject({
      cells: { name: "workload-00001", ou: "Root/Workloads/Dev", deleted: 1, failed: 1, other: 0 },
      status: { label: "failed", tone: "bad" },
      groups: ["ou:Root", "ou:Root/Workloads", "ou:Root/Workloads/Dev"],
    });
    expect(detail(page, "200000000001", "deleted")).toEqual(["login-profile"]);
    expect(detail(page, "200000000001", "failed")).toEqual(["access-keys AKIAROOT1: StillPresent: still there when read again after deletion"]);
    expect(detail(page, "200000000011", "already absent")).toEqual(["login-profile"]);
    expect(detail(page, "200000000009", "Why")).toMatch(/^no IAMDeleteRootUserCredentials root session/);
    expect(flat(page.tree!.roots)["Root/Workloads/Prod"]).toEqual({ blocked: 4 });
  });

  it("renders through renderApplyResult as one inert page, and refuses html without the plan", () => {
    const html = renderApplyResult(result, "html", context);
    expectInert(html);
    expect(html).toContain('<body data-report="remediation apply">');
    expect(() => renderApplyResult(result, "html")).toThrow("the HTML apply result needs the plan it applied");
  });
});

describe("--format html in the commands' help", () => {
  it.each([
    [["readiness"], '"table", "json", "markdown", "csv", "html"'],
    [["remediate", "plan"], '"table", "json", "markdown", "html"'],
    [["remediate", "apply"], '"table", "json", "html"'],
  ])("%j --help lists html, and another format is refused naming the choices", async (command, choices) => {
    const help = await runCli([...command, "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout.replace(/\s+/g, " ")).toContain(`(choices: ${choices}`);
    const bad = await runCli([...command, ...(command[1] === "apply" ? ["plan.json"] : []), "--format", "pdf"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      `option '--format <format>' argument 'pdf' is invalid. Allowed choices are ${choices.replace(/"/g, "").split(", ").join(", ")}.`,
    );
  });
});
