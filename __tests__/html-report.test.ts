// The HTML reports in a real headless Chromium: every row, filtering, sorting, nothing fetched, hostile values stay text.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { AccountAudit, AuditReport } from "../lib/domain/audit";
import { summarize } from "../lib/domain/audit";
import type { Finding } from "../lib/domain/check";
import { renderAudit } from "../lib/cli/render/audit-report";
import { renderCheck } from "../lib/cli/render/check";
import { HtmlReport, PAGE_ROWS, renderHtmlReport, scriptJson } from "../lib/cli/render/html-report";
import { browser, openPage, rowIds, scrollToTop, waitForRows } from "./support/browser";
import { ROOT, runCli } from "./support/cli";
import { FakeOrganization, startFake } from "../tools/fake-aws";
import { seedReadinessShapes } from "../tools/fake-aws/readiness-shapes";
import { HOSTILE_NAME } from "./support/hostile";
import { renderReadiness } from "../lib/cli/render/readiness";
import { renderApplyResult, renderPlan } from "../lib/cli/render/remediation";
import { accountId, applyResult, readinessReport, remediationPlan } from "./support/html-fixtures";

const ARTIFACTS = join(ROOT, "__tests__", "artifacts");
/** `npm run docs:screenshots` sets this: the screenshots also go to docs/images for the README. */
const DOCS_IMAGES = process.env.ROOT_ACCESS_UPDATE_SCREENSHOTS ? join(ROOT, "docs", "images") : undefined;

function account(i: number, extra: Partial<AccountAudit> = {}): AccountAudit {
  const id = String(200000000000 + i);
  const withKeys = i % 7 === 0;
  return {
    accountId: id,
    name: `workload-${String(i).padStart(5, "0")}`,
    email: `aws+${i}@example.com`,
    state: "ACTIVE",
    status: "audited",
    rootCredentials: {
      loginProfile: i % 11 === 0,
      accessKeys: withKeys ? [{ id: `AKIAROOT${i}`, status: i % 2 ? "Active" : "Inactive" }] : [],
      mfaDevices: i % 13 === 0 ? [`arn:aws:iam::${id}:mfa/root-account-mfa-device`] : [],
      signingCertificates: [],
    },
    hasRootCredentials: withKeys || i % 11 === 0 || i % 13 === 0,
    ...extra,
  };
}

export function auditReport(n: number): AuditReport {
  const accounts: AccountAudit[] = [];
  for (let i = 1; i <= n; i++) accounts.push(account(i));
  accounts[2] = { ...accounts[2], name: HOSTILE_NAME };
  accounts[3] = {
    ...accounts[3],
    status: "error",
    rootCredentials: undefined,
    hasRootCredentials: undefined,
    error: { code: "AccessDenied", message: "not authorized to perform: sts:AssumeRoot" },
  };
  accounts[4] = {
    ...accounts[4],
    status: "skipped",
    rootCredentials: undefined,
    hasRootCredentials: undefined,
    state: "SUSPENDED",
    reason: "account is SUSPENDED",
  };
  return { organizationId: "o-exampleorgid", generatedAt: "2026-12-01T10:00:00.000Z", accounts, summary: summarize(accounts) };
}

const tree = (report: AuditReport) => ({
  roots: [
    {
      id: "r-ex12",
      name: "Root",
      children: [
        { id: "ou-ex12-prod0001", name: "Production", children: [] },
        { id: "ou-ex12-sand0001", name: "Sandbox", children: [] },
      ],
    },
  ],
  parentsOf: new Map(report.accounts.map((a, i) => [a.accountId, [i % 3 === 0 ? "ou-ex12-sand0001" : "ou-ex12-prod0001", "r-ex12"]])),
});

function writePage(name: string, html: string): string {
  const dir = mkdtempSync(join(tmpdir(), "root-access-html-"));
  const file = join(dir, name);
  writeFileSync(file, html);
  return file;
}

async function screenshot(page: import("playwright-core").Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, name), fullPage: false });
  if (DOCS_IMAGES) {
    mkdirSync(DOCS_IMAGES, { recursive: true });
    await page.screenshot({ path: join(DOCS_IMAGES, name), fullPage: false });
  }
}

describe("HTML report data", () => {
  it("embeds JSON that cannot close its script element or break a line", () => {
    expect(scriptJson({ a: "</script><!--\u2028\u2029&>" })).toBe('{"a":"\\u003c/script\\u003e\\u003c!--\\u2028\\u2029\\u0026\\u003e"}');
    expect(JSON.parse(scriptJson({ a: "</script>\u2028" }))).toEqual({ a: "</script>\u2028" });
  });

  it("has no external reference and pins its own script and style by hash", () => {
    const html = renderAudit(auditReport(5), "html", false, { selection: "every account", caller: "arn:aws:iam::111111111111:role/Auditor" });
    // No element with a src or href (the hostile name's "src=" is inside the escaped JSON, after no "<").
    expect(html).not.toMatch(/<[^>]*\s(?:src|href)=/i);
    expect(html).not.toMatch(/<link|url\(|@import|https?:\/\/(?!evil)/i);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    expect(csp).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; script-src 'sha256-[A-Za-z0-9+/=]+'; img-src 'none'/);
    expect(html).toContain("<title>Root credentials audit of o-exampleorgid</title>");
    expect(html).not.toContain("<img");
  });
});

const describeWithBrowser = browser.available ? describe : describe.skip;

describe("HTML reports in Chromium", () => {
  it("runs where Chromium is installed, or says why not", () => {
    if (!browser.available) {
      console.warn(`HTML browser tests skipped: ${browser.reason}`);
      expect(browser.reason).toMatch(/no Chromium at /);
    } else expect(browser.available).toBe(true);
  });
});

describeWithBrowser("the request recorder", () => {
  it("sees what a page tries to fetch (so an empty list means something)", async () => {
    const url = pathToFileURL(writePage("fetches.html", '<img src="https://example.invalid/a.png"><script src="b.js"></script>')).href;
    const { requests } = await openPage(url);
    expect(requests.sort()).toEqual([url.replace(/fetches\.html$/, "b.js"), "https://example.invalid/a.png"]);
  });
});

describeWithBrowser("the audit page in headless Chromium", () => {
  const report = auditReport(40);
  const file = writePage(
    "audit.html",
    renderAudit(report, "html", false, { selection: "every account", caller: "arn:aws:sts::111111111111:assumed-role/Auditor/alice", tree: tree(report) }),
  );
  const url = pathToFileURL(file).href;

  it("renders every account, filters, sorts, fetches nothing and keeps the hostile name as text", async () => {
    const { page, requests, console: violations } = await openPage(url);
    await page.waitForSelector("body[data-ready=true]");

    // Every account, in report order, and the count says so.
    expect(await rowIds(page)).toEqual(report.accounts.map((a) => a.accountId));
    expect(await page.textContent("#shown")).toBe("40 accounts");

    // The hostile name is a table cell's text: no image, no title change, nothing fetched.
    expect(await page.title()).toBe("Root credentials audit of o-exampleorgid");
    expect(await page.$$eval("img", (i) => i.length)).toBe(0);
    expect(await page.textContent('tr[data-id="200000000003"] td:nth-child(2)')).toBe(HOSTILE_NAME);

    // Filtering: free text, then status.
    await page.fill("#filter", "HYPERLINK");
    await waitForRows(page, 1);
    expect(await rowIds(page)).toEqual(["200000000003"]);
    expect(await page.textContent("#shown")).toBe("1 of 40 accounts shown");
    await page.fill("#filter", "");
    await page.selectOption("#status", "error");
    await waitForRows(page, 1);
    expect(await rowIds(page)).toEqual(["200000000004"]);
    await page.selectOption("#status", "");

    // Sorting: by account, descending after a second click.
    await page.click('th:has-text("Account") button');
    await page.click('th:has-text("Account") button');
    const ids = await rowIds(page);
    expect(ids[0]).toBe("200000000040");
    expect(ids).toEqual([...ids].sort().reverse());
    expect(await page.getAttribute('th:has-text("Account")', "aria-sort")).toBe("descending");

    // The OU tree filters the table to one OU.
    await page.click('.node:has-text("Sandbox")');
    const sandbox = report.accounts.filter((_, i) => i % 3 === 0).map((a) => a.accountId);
    expect((await rowIds(page)).sort()).toEqual(sandbox.sort());
    await page.click("#group-clear");

    // Details open on click and carry the error.
    await page.click('tr[data-id="200000000004"]');
    expect(await page.textContent("tr.details")).toContain("not authorized to perform: sts:AssumeRoot");

    await page.click('tr[data-id="200000000004"]');
    await page.click('th:has-text("Account") button');
    await page.click('tr[data-id="200000000003"]');
    await scrollToTop(page);
    await screenshot(page, "audit-report.png");
    expect(requests).toEqual([]);
    expect(violations.filter((v) => /Content Security Policy|Refused/.test(v))).toEqual([]);
    expect(await page.title()).not.toBe("pwned");
  });

  it("opens 10,000 accounts with the first 500 listed; the sort and the filter cover all of them", async () => {
    const big = auditReport(10_000);
    const html = renderAudit(big, "html", false, { selection: "every account", tree: tree(big) });
    const bigFile = writePage("audit-10000.html", html);
    const started = Date.now();
    const { page } = await openPage(pathToFileURL(bigFile).href);
    await page.waitForSelector("body[data-ready=true]");
    const ms = Date.now() - started;
    expect(await rowIds(page)).toEqual(big.accounts.slice(0, PAGE_ROWS).map((a) => a.accountId));
    expect(await page.textContent("#shown")).toBe("10,000 accounts");
    expect(await page.textContent("#more-text")).toBe("The table lists the first 500 of these 10,000 accounts; the filter and the sort cover all of them.");
    // Sorted by name over all 10,000: the first 500 of that order, then the next 500.
    await page.click('th:has-text("Name") button');
    const byName = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
    const expected = big.accounts
      .map((a, index) => ({ id: a.accountId, name: a.name ?? "", index }))
      .sort((a, b) => byName.compare(a.name, b.name) || a.index - b.index)
      .map((a) => a.id);
    expect(await rowIds(page)).toEqual(expected.slice(0, 500));
    await page.click("#more-next");
    expect(await rowIds(page)).toEqual(expected.slice(0, 1000));
    // The filter finds an account the table did not list.
    const t = Date.now();
    await page.fill("#filter", "workload-09999");
    await waitForRows(page, 1);
    const filterMs = Date.now() - t;
    expect(await rowIds(page)).toEqual(["200000009999"]);
    expect(await page.isHidden("#more")).toBe(true);
    console.log(
      `10,000-account audit page: ${(Buffer.byteLength(html) / 1024 / 1024).toFixed(2)} MB, loaded and rendered in ${ms} ms, filtered in ${filterMs} ms (shared machine)`,
    );
  });
});

describeWithBrowser("a table longer than a page (pageRows)", () => {
  // 25 rows, 10 a page: the model straight to renderHtmlReport, as every report's adapter does.
  const ids = Array.from({ length: 25 }, (_, i) => String(1001 + i));
  const report: HtmlReport = {
    kind: "test",
    title: "Windowed table",
    facts: [],
    totals: [],
    rowNoun: { one: "row", many: "rows" },
    columns: [
      { key: "id", label: "ID" },
      { key: "n", label: "N", type: "number" },
    ],
    rows: ids.map((id, i) => ({
      id,
      cells: { id, n: (i * 7) % 25 },
      status: { label: i % 5 === 0 ? "bad" : "good", tone: i % 5 === 0 ? "bad" : "good" },
      details: [{ label: "Row", value: `details of ${id}` }],
    })),
    pageRows: 10,
  };
  const url = pathToFileURL(writePage("windowed.html", renderHtmlReport(report))).href;
  const byN = [...report.rows].sort((a, b) => Number(a.cells.n) - Number(b.cells.n)).map((r) => r.id);

  it("lists a page at first, one more per click, all on request, and starts again from the first page on a new sort or filter", async () => {
    const { page } = await openPage(url);
    await page.waitForSelector("body[data-ready=true]");
    expect(await rowIds(page)).toEqual(ids.slice(0, 10));
    expect(await page.textContent("#shown")).toBe("25 rows");
    expect(await page.textContent("#more-text")).toBe("The table lists the first 10 of these 25 rows; the filter and the sort cover all of them.");
    expect(await page.textContent("#more-next")).toBe("Show 10 more");
    expect(await page.textContent("#more-all")).toBe("Show all 25");
    await page.click("#more-next");
    expect(await rowIds(page)).toEqual(ids.slice(0, 20));
    expect(await page.textContent("#more-next")).toBe("Show 5 more");
    await page.click("#more-next");
    expect(await rowIds(page)).toEqual(ids);
    expect(await page.isHidden("#more")).toBe(true);

    // A sort covers all 25 and lists the first 10 of its order; "Show all" lists the rest.
    await page.click('th:has-text("N") button');
    expect(await rowIds(page)).toEqual(byN.slice(0, 10));
    await page.click("#more-all");
    expect(await rowIds(page)).toEqual(byN);

    // A filter: 5 rows match, all listed, no "more".
    await page.selectOption("#status", "bad");
    await waitForRows(page, 5);
    expect(await page.textContent("#shown")).toBe("5 of 25 rows shown");
    expect(await page.isHidden("#more")).toBe(true);
    await page.selectOption("#status", "");
    await waitForRows(page, 10);
    expect(await rowIds(page)).toEqual(byN.slice(0, 10));
  });

  it("prints every matching row with its details, then lists the page it listed before", async () => {
    const { page } = await openPage(url);
    await page.waitForSelector("body[data-ready=true]");
    await page.click('tr[data-id="1001"]');
    await page.evaluate(() => (globalThis as any).dispatchEvent(new Event("beforeprint")));
    expect(await rowIds(page)).toEqual(ids);
    expect(await page.$$eval("tr.details", (d) => d.map((e) => e.textContent))).toEqual(ids.map((id) => `Rowdetails of ${id}`));
    await page.evaluate(() => (globalThis as any).dispatchEvent(new Event("afterprint")));
    expect(await rowIds(page)).toEqual(ids.slice(0, 10));
    // The row opened before printing stays open; the others close again.
    expect(await page.$$eval("tr.details", (d) => d.map((e) => e.textContent))).toEqual(["Rowdetails of 1001"]);
  });

  it("refuses a page size that is not a whole number of rows", () => {
    expect(() => renderHtmlReport({ ...report, pageRows: 0 })).toThrow("pageRows: 0 is not a whole number of rows; expected 1 or more");
    expect(() => renderHtmlReport({ ...report, pageRows: 2.5 })).toThrow("pageRows: 2.5 is not a whole number of rows; expected 1 or more");
  });
});

describeWithBrowser("the check page in headless Chromium", () => {
  const findings: Finding[] = [
    { organization: "main", severity: "ok", code: "iam-trusted-access-on", message: "IAM trusted access (iam.amazonaws.com) is on" },
    { organization: "main", severity: "ok", code: "feature-enabled", message: "RootCredentialsManagement is enabled" },
    {
      organization: "main",
      severity: "error",
      risk: "critical",
      code: "management-root-access-keys",
      message:
        "the management account's root user (111111111111) has access keys: delete them (sign in as the root user, Security credentials, Access keys); no SCP or centralized root access covers this root",
    },
    {
      organization: "main",
      severity: "error",
      code: "principal-would-be-disabled",
      message: `${HOSTILE_NAME} has trusted access but is not in trustedAccess.servicePrincipals: deploying would disable its trusted access (run root-access discover --write)`,
    },
    {
      organization: "sandbox",
      severity: "warning",
      code: "delegated-admin-not-registered",
      message: "222222222222 is not registered as IAM delegated administrator yet: deploy the stack",
    },
    {
      organization: "sandbox",
      severity: "info",
      code: "management-root-not-visible",
      message:
        "the management account's root user cannot be seen from the IAM delegated administrator (222222222222): iam:GetAccountSummary reports only the caller's own account; run check as the management account 111111111111 to see its root access keys and MFA",
    },
  ];

  const html = renderCheck(findings, "html", false, {
    source: "organizations.json",
    generatedAt: "2026-12-01T10:00:00.000Z",
    callers: ["arn:aws:sts::111111111111:assumed-role/Admin/alice"],
  });
  const url = pathToFileURL(writePage("check.html", html)).href;

  it("renders every finding, filters by severity and fetches nothing", async () => {
    const { page, requests } = await openPage(url);
    await page.waitForSelector("body[data-ready=true]");
    expect(await rowIds(page)).toEqual(["1", "2", "3", "4", "5", "6"]);
    expect(await page.title()).toBe("Root access check of main, sandbox");
    expect(await page.textContent(".verdict")).toBe("2 errors, 1 warning");
    expect(await page.textContent('tr[data-id="4"] td:nth-child(4)')).toBe(findings[3].message);
    expect(await page.textContent('tr[data-id="3"] td:nth-child(3)')).toBe("critical");
    await page.selectOption("#status", "error");
    await waitForRows(page, 2);
    expect(await rowIds(page)).toEqual(["3", "4"]);
    await page.selectOption("#status", "");
    await page.click('.node:has-text("sandbox")');
    expect(await rowIds(page)).toEqual(["5", "6"]);
    await page.click("#group-clear");
    await screenshot(page, "check-report.png");
    expect(requests).toEqual([]);
    expect(await page.$$eval("img", (i) => i.length)).toBe(0);
  });
});

/** Opens a page and checks what every report page must do: every row, the hostile name as text, nothing fetched, no CSP refusal. */
async function openReport(
  url: string,
  expected: { ids: string[]; title: string; hostileRow: string; nameColumn: number },
): Promise<{ page: import("playwright-core").Page; requests: string[]; violations: string[] }> {
  const { page, requests, console: violations } = await openPage(url);
  await page.waitForSelector("body[data-ready=true]");
  expect(await rowIds(page)).toEqual(expected.ids);
  expect(await page.title()).toBe(expected.title);
  expect(await page.$$eval("img", (i) => i.length)).toBe(0);
  expect(await page.textContent(`tr[data-id="${expected.hostileRow}"] td:nth-child(${expected.nameColumn})`)).toBe(HOSTILE_NAME);
  return { page, requests, violations };
}

async function expectNothingHappened(page: import("playwright-core").Page, requests: string[], violations: string[]): Promise<void> {
  expect(requests).toEqual([]);
  expect(violations.filter((v) => /Content Security Policy|Refused/.test(v))).toEqual([]);
  expect(await page.title()).not.toBe("pwned");
  expect(await page.$$eval("img", (i) => i.length)).toBe(0);
}

describeWithBrowser("the readiness page in headless Chromium", () => {
  const report = readinessReport(30);
  const html = renderReadiness(report, "html", false, {
    caller: "arn:aws:sts::111111111111:assumed-role/Auditor/alice",
    selection: "every ACTIVE member account",
  });
  const url = pathToFileURL(writePage("readiness.html", html)).href;

  it("renders every account with each task's verdict, the blocking policies, the OU tree and the blocking statements", async () => {
    const { page, requests, violations } = await openReport(url, {
      ids: report.accounts.map((a) => a.accountId),
      title: "Root-session readiness of o-exampleorgid",
      hostileRow: accountId(3),
      nameColumn: 2,
    });
    expect(await page.textContent("#shown")).toBe("30 accounts");
    expect(await page.textContent(".verdict")).toBe("Root sessions blocked: 10 of 60 account x task cells");
    expect(await page.textContent('tr[data-id="200000000012"] td:nth-child(4)')).toBe("partial (ListSigningCertificates denied)");
    expect(await page.textContent('tr[data-id="200000000012"] td:nth-child(5)')).toBe("blocked");
    expect(await page.textContent('.total-group:has-text("Blocked accounts by policy") li')).toContain("10 blocked by SCP p-ctroot0001");
    expect(await page.textContent(".notes")).toContain("set the ExemptAssumeRoot parameter of Control Tower's restrict-root-user control");
    // The tree from ouPath: Root > Workloads > Dev, Prod; Sandbox.
    expect(await page.$$eval(".node .name", (n) => n.map((x) => x.textContent))).toEqual(["Root", "Workloads", "Dev", "Prod", "Sandbox"]);
    await page.click('.node:has-text("Prod")');
    expect((await rowIds(page)).length).toBe(10);
    await page.click("#group-clear");
    await page.selectOption("#status", "unknown");
    await waitForRows(page, 1);
    expect(await rowIds(page)).toEqual([accountId(5)]);
    await page.click(`tr[data-id="${accountId(5)}"]`);
    expect(await page.textContent("tr.details")).toContain("has a condition on aws:CurrentTime");
    await page.click(`tr[data-id="${accountId(5)}"]`);
    await page.selectOption("#status", "");
    await page.click('tr[data-id="200000000003"]');
    expect(await page.textContent("tr.details")).toContain('statement "GRRESTRICTROOTUSER" (#0), explicit deny: iam:DeleteLoginProfile, iam:DeleteAccessKey');
    await scrollToTop(page);
    await screenshot(page, "readiness-report.png");
    await expectNothingHappened(page, requests, violations);
  });
});

describeWithBrowser("the remediation plan and apply pages in headless Chromium", () => {
  const plan = remediationPlan(30);
  const result = applyResult(plan);
  const planUrl = pathToFileURL(writePage("plan.html", renderPlan(plan, "html"))).href;
  const applyUrl = pathToFileURL(
    writePage("apply.html", renderApplyResult(result, "html", { plan, planName: "plan.json", generatedAt: "2026-12-01T11:00:00.000Z" })),
  ).href;

  it("renders every planned and skipped account with its items, held-back items and blocking statements", async () => {
    const { page, requests, violations } = await openReport(planUrl, {
      ids: [...plan.accounts.map((a) => a.accountId), "111111111111"],
      title: "Root credentials remediation plan for o-exampleorgid",
      hostileRow: accountId(3),
      nameColumn: 2,
    });
    expect(await page.textContent("#shown")).toBe("31 accounts");
    expect(await page.textContent('.total-group:has-text("Items to delete by kind")')).toContain("10 login-profile");
    await page.selectOption("#status", "blocked");
    await waitForRows(page, 10);
    await page.selectOption("#status", "");
    await page.click(`tr[data-id="${accountId(7)}"]`);
    const details = await page.textContent("tr.details");
    expect(details).toContain("access-keys AKIAROOT7, created 2020-01-01T00:00:00.000Z, last used 2024-02-03T00:00:00.000Z");
    expect(details).toContain("access-keys AKIARECENT7: used 2026-11-20, within 90 days (--keep-used-within)");
    await page.click(`tr[data-id="${accountId(3)}"]`);
    await scrollToTop(page);
    await screenshot(page, "remediation-plan-report.png");
    await expectNothingHappened(page, requests, violations);
  });

  it("renders every account's apply status and item results", async () => {
    const { page, requests, violations } = await openReport(applyUrl, {
      ids: plan.accounts.map((a) => a.accountId),
      title: "Root credentials remediation of o-exampleorgid",
      hostileRow: accountId(3),
      nameColumn: 2,
    });
    expect(await page.textContent('tr[data-id="200000000001"] td:last-child')).toBe("failed");
    await page.selectOption("#status", "failed");
    await waitForRows(page, 1);
    await page.click('tr[data-id="200000000001"]');
    expect(await page.textContent("tr.details")).toContain("access-keys AKIAROOT1: StillPresent: still there when read again after deletion");
    await page.selectOption("#status", "");
    await scrollToTop(page);
    await screenshot(page, "remediation-apply-report.png");
    await expectNothingHappened(page, requests, violations);
  });
});

describe("root-access audit and check --format html, end to end against the fake", () => {
  it("writes one page with every account of the organization, the caller and the hostile name as text", async () => {
    const org = new FakeOrganization().enableRootAccess();
    org.addOrganizationalUnit("ou-ex12-prod0001", "Production");
    org.addAccount({ id: "200000000001", name: HOSTILE_NAME, parentId: "ou-ex12-prod0001", rootCredentials: { loginProfile: true } });
    org.addAccount({ id: "200000000002", name: "clean" });
    const fake = await startFake(org);
    const dir = mkdtempSync(join(tmpdir(), "root-access-html-"));
    try {
      const audit = await runCli(["audit", "--format", "html", "--output", join(dir, "audit.html")], fake.env());
      expect(audit.code).toBe(0);
      const check = await runCli(["check", "--format", "html"], fake.env());
      writeFileSync(join(dir, "check.html"), check.stdout);
    } finally {
      await fake.stop();
    }
    const html = readFileSync(join(dir, "audit.html"), "utf8");
    expect(html).toContain("<dt>Run by</dt><dd>arn:aws:iam::111111111111:user/fake-operator</dd>");
    expect(html).toContain("<dt>Selected</dt><dd>every account</dd>");
    if (!browser.available) return;
    const { page } = await openPage(pathToFileURL(join(dir, "audit.html")).href);
    await page.waitForSelector("body[data-ready=true]");
    expect(await rowIds(page)).toEqual(["111111111111", "200000000001", "200000000002"]);
    expect(await page.textContent('tr[data-id="200000000001"] td:nth-child(2)')).toBe(HOSTILE_NAME);
    expect(await page.title()).toBe("Root credentials audit of o-exampleorgid");
    // The OU tree from the fake's organization: the root holds all three, Production the one with a password.
    expect(await page.$$eval(".node", (nodes) => nodes.map((n) => n.textContent))).toEqual(["Root3", "Production1"]);
    await page.click('.node:has-text("Production")');
    expect(await rowIds(page)).toEqual(["200000000001"]);
    await openPage(pathToFileURL(join(dir, "check.html")).href);
    await page.waitForSelector("body[data-ready=true]");
    expect(await page.textContent("body")).toContain("the management account's root user (111111111111) has MFA and no access keys");
  });
});

describe("root-access readiness, remediate plan and remediate apply --format html, end to end against the fake", () => {
  it("writes a page per command with every account, the blocking statement and the hostile name as text", async () => {
    const org = new FakeOrganization().enableRootAccess();
    const { shapes, plainAccountId } = seedReadinessShapes(org);
    org.addOrganizationalUnit("ou-ex12-prod0001", "Production");
    org.addAccount({ id: "200000000001", name: HOSTILE_NAME, parentId: "ou-ex12-prod0001", rootCredentials: { loginProfile: true } });
    const ct = shapes.find((x) => x.shape === "control-tower")!;
    const fake = await startFake(org);
    const dir = mkdtempSync(join(tmpdir(), "root-access-html-"));
    const plan = join(dir, "plan.json");
    try {
      const readiness = await runCli(["readiness", "--format", "html", "--output", join(dir, "readiness.html")], fake.env());
      expect(readiness.code).toBe(0);
      const planned = await runCli(["remediate", "plan", "--output", plan, "--format", "html"], fake.env());
      // 3: shapes that deny the audit session itself leave accounts the plan could not read.
      expect(planned.code).toBe(3);
      writeFileSync(join(dir, "plan.html"), planned.stdout);
      const applied = await runCli(
        ["remediate", "apply", plan, "--yes", "--format", "html", "--output", join(dir, "apply.html"), "--action-log", join(dir, "actions.jsonl")],
        fake.env(),
      );
      expect(applied.stdout).toBe("");
      // 1: blocked accounts and accounts the plan could not read need a decision.
      expect(applied.code).toBe(1);
    } finally {
      await fake.stop();
    }
    const members = [...shapes.map((x) => x.accountId), plainAccountId, "200000000001"].sort();
    const readinessHtml = readFileSync(join(dir, "readiness.html"), "utf8");
    expect(readinessHtml).toContain("<dt>Run by</dt><dd>arn:aws:iam::111111111111:user/fake-operator</dd>");
    expect(readinessHtml).toContain("<dt>Selected</dt><dd>every ACTIVE member account</dd>");
    const planJson = JSON.parse(readFileSync(plan, "utf8"));
    const planIds: string[] = planJson.accounts.map((a: { accountId: string }) => a.accountId);
    // Every member account is planned (the management account is in summary.skipped).
    expect([...planIds].sort()).toEqual(members);
    if (!browser.available) return;
    /** Opens one page, runs the checks, and asserts it fetched nothing and made no image. */
    const open = async (name: string, check: (page: import("playwright-core").Page) => Promise<void>) => {
      const { page, requests } = await openPage(pathToFileURL(join(dir, name)).href);
      await page.waitForSelector("body[data-ready=true]");
      await check(page);
      expect(requests).toEqual([]);
      expect(await page.$$eval("img", (i) => i.length)).toBe(0);
      expect(await page.textContent('tr[data-id="200000000001"] td:nth-child(2)')).toBe(HOSTILE_NAME);
    };
    await open("readiness.html", async (page) => {
      expect((await rowIds(page)).sort()).toEqual(members);
      expect(await page.textContent(`tr[data-id="${ct.accountId}"] td:last-child`)).toBe("blocked");
      await page.click(`tr[data-id="${ct.accountId}"]`);
      expect(await page.textContent("tr.details")).toMatch(/SCP p-\S+ \([^)]*\) attached to ou-\S+, statement "GRRESTRICTROOTUSER" \(#0\), explicit deny: /);
      expect(await page.title()).toBe("Root-session readiness of o-exampleorgid");
    });
    await open("plan.html", async (page) => {
      expect((await rowIds(page)).filter((id) => planIds.includes(id))).toEqual(planIds);
      expect(await page.textContent(`tr[data-id="${ct.accountId}"] td:last-child`)).toBe("blocked");
    });
    await open("apply.html", async (page) => {
      expect(await rowIds(page)).toEqual(planIds);
      expect(await page.textContent('tr[data-id="200000000001"] td:last-child')).toBe("done");
      expect(await page.textContent(`tr[data-id="${ct.accountId}"] td:last-child`)).toBe("blocked");
    });
  });
});
