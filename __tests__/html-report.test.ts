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
import { scriptJson } from "../lib/cli/render/html-report";
import { browser, recordRequests, rowIds, scrollToTop, waitForRows, withBrowser } from "./support/browser";
import { ROOT, runCli } from "./support/cli";
import { FakeOrganization, startFake } from "../tools/fake-aws";
import { HOSTILE_NAME } from "./support/hostile";

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
    await withBrowser(async (context) => {
      const requests = await recordRequests(context, url);
      const page = await context.newPage();
      await page.goto(url);
      expect(requests.sort()).toEqual([url.replace(/fetches\.html$/, "b.js"), "https://example.invalid/a.png"]);
    });
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
    await withBrowser(async (context) => {
      const requests = await recordRequests(context, url);
      const page = await context.newPage();
      const violations: string[] = [];
      page.on("console", (m) => violations.push(m.text()));
      await page.goto(url);
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
  });

  it("renders 10,000 accounts", async () => {
    const big = auditReport(10_000);
    const html = renderAudit(big, "html", false, { selection: "every account", tree: tree(big) });
    const bigFile = writePage("audit-10000.html", html);
    await withBrowser(async (context) => {
      const page = await context.newPage();
      const started = Date.now();
      await page.goto(pathToFileURL(bigFile).href);
      await page.waitForSelector("body[data-ready=true]");
      const ms = Date.now() - started;
      expect(await page.$$eval("tbody tr.row", (r) => r.length)).toBe(10_000);
      expect(await page.textContent("#shown")).toBe("10,000 accounts");
      const t = Date.now();
      await page.fill("#filter", "workload-09999");
      await waitForRows(page, 1);
      const filterMs = Date.now() - t;
      await page.fill("#filter", "");
      await waitForRows(page, 10_000);
      await page.click('th:has-text("Name") button');
      await page.click('th:has-text("Name") button');
      expect((await rowIds(page))[0]).toBe("200000010000");
      console.log(
        `10,000-account audit page: ${(Buffer.byteLength(html) / 1024 / 1024).toFixed(2)} MB, loaded and rendered in ${ms} ms, filtered in ${filterMs} ms (shared machine)`,
      );
    });
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
    await withBrowser(async (context) => {
      const requests = await recordRequests(context, url);
      const page = await context.newPage();
      await page.goto(url);
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
    await withBrowser(async (context) => {
      const page = await context.newPage();
      await page.goto(pathToFileURL(join(dir, "audit.html")).href);
      await page.waitForSelector("body[data-ready=true]");
      expect(await rowIds(page)).toEqual(["111111111111", "200000000001", "200000000002"]);
      expect(await page.textContent('tr[data-id="200000000001"] td:nth-child(2)')).toBe(HOSTILE_NAME);
      expect(await page.title()).toBe("Root credentials audit of o-exampleorgid");
      // The OU tree from the fake's organization: the root holds all three, Production the one with a password.
      expect(await page.$$eval(".node", (nodes) => nodes.map((n) => n.textContent))).toEqual(["Root3", "Production1"]);
      await page.click('.node:has-text("Production")');
      expect(await rowIds(page)).toEqual(["200000000001"]);
      await page.goto(pathToFileURL(join(dir, "check.html")).href);
      await page.waitForSelector("body[data-ready=true]");
      expect(await page.textContent("body")).toContain("the management account's root user (111111111111) has MFA and no access keys");
    });
  });
});
