// One table of hostile values (account names, ARNs, messages, plan addresses come from AWS or files)
// through every escaping function and every renderer in every format, with the exact output expected.
import type { AccountAudit, AuditReport } from "../lib/domain/audit";
import { summarize } from "../lib/domain/audit";
import type { Finding } from "../lib/domain/check";
import type { OrganizationFacts } from "../lib/domain/discover";
import type { ReviewInput } from "../lib/domain/review/review-input";
import { renderAudit } from "../lib/cli/render/audit-report";
import { renderCheck } from "../lib/cli/render/check";
import { renderFacts } from "../lib/cli/render/discover";
import { truncate } from "../lib/cli/render/format";
import { renderDeletionResults } from "../lib/cli/render/privileged";
import { renderMarkdown } from "../lib/cli/render/review";
import { csvCell, htmlText, mdCode, mdText, termText } from "../lib/cli/render/safe-text";
import { HOSTILE } from "./support/hostile";

interface Escaped {
  readonly md: string;
  readonly code: string;
  readonly csv: string;
  readonly term: string;
  readonly html: string;
}

const ESCAPED: Record<keyof typeof HOSTILE, Escaped> = {
  "img onerror + formula + pipe": {
    md: `&lt;img src=x onerror="document.title='pwned'"&gt;=HYPERLINK("http://evil")\\|Acct 3`,
    code: '`<img src=x onerror="document.title=\'pwned\'">=HYPERLINK("http://evil")|Acct 3`',
    csv: `"<img src=x onerror=""document.title='pwned'"">=HYPERLINK(""http://evil"")|Acct 3"`,
    term: `<img src=x onerror="document.title='pwned'">=HYPERLINK("http://evil")|Acct 3`,
    html: "&lt;img src=x onerror=&quot;document.title=&#39;pwned&#39;&quot;&gt;=HYPERLINK(&quot;http://evil&quot;)|Acct 3",
  },
  "closing details": { md: "&lt;/details&gt;", code: "`</details>`", csv: "</details>", term: "</details>", html: "&lt;/details&gt;" },
  mention: { md: "@&#8203;octocat", code: "`@octocat`", csv: `"'@octocat"`, term: "@octocat", html: "@octocat" },
  backticks: { md: "a\\`b\\`\\`c", code: "```a`b``c```", csv: "a`b``c", term: "a`b``c", html: "a`b``c" },
  newlines: { md: "line1 line2 line3", code: "`line1 line2 line3`", csv: '"line1\nline2\r\nline3"', term: "line1 line2 line3", html: "line1\nline2\r\nline3" },
  "ANSI escape": { md: "red", code: "`red`", csv: "red", term: "red", html: "\u001b[31mred\u001b[0m\u001b]0;title\u0007" },
  "fake heading": { md: "\\#\\# ✅ Looks good", code: "`## ✅ Looks good`", csv: "## ✅ Looks good", term: "## ✅ Looks good", html: "## ✅ Looks good" },
};

const CASES = Object.entries(HOSTILE).map(([name, value]) => [name, value, ESCAPED[name]] as const);

describe.each(CASES)("%s", (_name, value, want) => {
  it("is escaped exactly by each function", () => {
    expect({ md: mdText(value), code: mdCode(value), csv: csvCell(value), term: termText(value), html: htmlText(value) }).toEqual(want);
  });

  const account: AccountAudit = {
    accountId: "200000000003",
    name: value,
    email: "a@example.com",
    state: "ACTIVE",
    status: "error",
    error: { code: "AccessDenied", message: value },
  };
  const report: AuditReport = { organizationId: "o-exampleorgid", generatedAt: "2026-12-01T10:00:00.000Z", accounts: [account], summary: summarize([account]) };

  it("audit markdown: one table row, the name and the error escaped", () => {
    const row = renderAudit(report, "markdown").split("\n").pop();
    expect(row).toBe(`| 200000000003 | ${want.md} | ACTIVE | error |  |  |  |  | AccessDenied: ${want.md} |`);
  });

  it("audit csv: the name cell neutralised and quoted", () => {
    const rows = renderAudit(report, "csv").split("\n").slice(1).join("\n");
    expect(rows).toBe(`200000000003,${want.csv},a@example.com,ACTIVE,error,,,,,,,AccessDenied,${want.csv}`);
  });

  it("audit table: no control character, no extra line", () => {
    const out = renderAudit(report, "table", false);
    // eslint-disable-next-line no-control-regex -- looking for control characters
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(out).toContain(truncate(want.term, 28));
    expect(out.split("\n")).toHaveLength(5);
  });

  it("audit json: the value itself, losslessly", () => {
    expect(JSON.parse(renderAudit(report, "json")).accounts[0].name).toBe(value);
  });

  it("audit html: no element, attribute or line break from the value", () => {
    const html = renderAudit(report, "html", false, { selection: value, caller: value });
    expect(html).toContain(`<dd>${want.html}</dd>`);
    const data = /<script type="application\/json" id="report-data">([^<]*)<\/script>/.exec(html)?.[1];
    expect(JSON.parse(data!).rows[0].cells[1]).toBe(value);
    expect(html.match(/<img|<\/details>|<script/g)).toEqual(["<script", "<script"]);
  });

  const finding: Finding = { organization: "main", severity: "error", code: "principal-would-be-disabled", message: `${value} would lose trusted access` };

  it("check text, markdown and html", () => {
    expect(renderCheck([finding], "text", false).split("\n")[0]).toBe(`main  ERROR  ${want.term} would lose trusted access`);
    expect(renderCheck([finding], "markdown", false).split("\n").pop()).toBe(
      `| ❌ | main | \`principal-would-be-disabled\` | ${want.md} would lose trusted access |`,
    );
    const html = renderCheck([finding], "html", false, { source: value, generatedAt: "2026-12-01T10:00:00.000Z" });
    expect(html).toContain(`<dt>Config</dt><dd>${want.html}</dd>`);
    expect(html.match(/<img|<\/details>/g)).toBeNull();
  });

  it("discover: the caller line", () => {
    const facts = {
      organizationId: "o-x",
      managementAccountId: "1",
      featureSet: "ALL",
      caller: { accountId: "2", arn: value },
    } as unknown as OrganizationFacts;
    const out = renderFacts({
      ...facts,
      trustedServicePrincipals: [],
      iamTrustedAccess: true,
      iamDelegatedAdministrators: [],
      rootId: "r",
      enabledPolicyTypes: [],
      enabledFeatures: [],
    });
    expect(out.split("\n")[2]).toBe(`caller                ${want.term}`);
  });

  it("privileged results: the AWS error message", () => {
    expect(renderDeletionResults([{ accountId: "200000000003", error: { code: "AccessDenied", message: value }, items: [], remaining: [] }])).toBe(
      `Result:\n  200000000003  failed: AccessDenied: ${want.term}`,
    );
  });

  it("review markdown: message, addresses, drift, outputs and plan file stay text", () => {
    const input: ReviewInput = {
      synthFindings: [{ level: "high", stack: "main", rule: "scp-detached", code: "scp-detached", organization: "main", message: value }],
      plans: [
        {
          stack: "main",
          file: value,
          actions: { create: [value], update: [], replace: [], delete: [], import: [] },
          findings: [],
          drift: [value],
          outputs: [value],
        },
      ],
    };
    const md = renderMarkdown(input);
    expect(md).toContain(`- 🔴 **high** \`main\` ${want.md} _(scp-detached)_`);
    expect(md).toContain(`**create** (1): ${want.code}`);
    expect(md).toContain(`**Drift** (changed outside Terraform):\n- ${want.md}`);
    expect(md).toContain(`**Outputs**: ${want.md}`);
    expect(md).toContain(`<details><summary>Plan of main (${want.html.replace(/@/g, "@&#8203;")})</summary>`);
    // Outside its code span (shown literally), nothing the value brought opens or closes HTML or starts a heading.
    const prose = md.split(want.code).join("");
    expect(prose.match(/<\/details>/g)).toHaveLength(1);
    expect(prose).not.toMatch(/<img|^#+ ✅/m);
    expect(md.split("\n").filter((l) => l.startsWith("## "))).toEqual(["## Root access review"]);
  });
});
