// What remediate prints, with hostile values from AWS or a hand-edited plan: escaped for Markdown
// and stripped of terminal escapes.
import type { RemediationPlan } from "../lib/domain/remediation/plan";
import { summarizePlan } from "../lib/domain/remediation/plan";
import { renderApplyResult, renderPlan } from "../lib/cli/render/remediation";

const ACCOUNT = "222222222222";
/** Any escape or bell character left in the output. */
const ESCAPES = new RegExp(String.fromCharCode(0x1b) + "|" + String.fromCharCode(0x07));
const hostile = "evil`|<img src=x>*[link](http://x)\u001b]0;title\u0007\u001b[31mred\n# heading";

function plan(): RemediationPlan {
  const accounts = [
    {
      accountId: ACCOUNT,
      name: hostile,
      ouPath: `Root/${hostile}`,
      items: [{ kind: "access-keys" as const, id: "AKIA`1|x", createdAt: "2024-01-01T00:00:00.000Z", lastUsed: "2025-01-02T00:00:00.000Z" }],
      heldBack: [{ kind: "signing-certificates" as const, id: "CERT1", reason: hostile }],
      blocked: null,
      error: null,
      prediction: { verdict: "unknown" as const, reason: hostile },
    },
  ];
  return {
    formatVersion: 1,
    organizationId: "o-exampleorgid",
    createdAt: "2026-12-01T10:00:00.000Z",
    caller: { accountId: "111111111111", arn: "arn:aws:iam::111111111111:user/ops" },
    selection: {
      accounts: null,
      ou: null,
      only: ["access-keys", "signing-certificates"],
      keepUsedWithinDays: 90,
      includeActiveCertificates: false,
      prediction: "used",
    },
    accounts,
    summary: summarizePlan(accounts, []),
  };
}

describe("remediation rendering", () => {
  it("escapes every value in Markdown: no raw HTML, no table or code-span breakout, no heading, no escape sequence", () => {
    const md = renderPlan(plan(), "markdown");
    expect(md).not.toMatch(/<img/);
    expect(md).not.toMatch(ESCAPES);
    expect(md).not.toMatch(/\n# heading/);
    expect(md).toContain("&lt;img src=x&gt;");
    expect(md).toContain("evil\\`\\|&lt;img");
    // The key ID with a backtick sits in a longer fence.
    expect(md).toContain("- delete ``access-keys AKIA`1|x``, created 2024-01-01, last used 2025-01-02");
    expect(md.indexOf("| items to delete | 1 |")).toBeLessThan(md.indexOf("#### Root/"));
  });

  it("strips terminal escape sequences from the table and the result", () => {
    const table = renderPlan(plan(), "table");
    expect(table).not.toMatch(ESCAPES);
    // A newline in a value never starts a line of its own.
    expect(table.split("\n").some((l) => l.startsWith("# heading"))).toBe(false);
    expect(table).toContain("held back signing-certificates CERT1: evil`|<img src=x>*[link](http://x)red");
    const result = renderApplyResult(
      {
        accounts: [
          {
            accountId: ACCOUNT,
            status: "failed",
            reason: hostile,
            items: [{ kind: "access-keys", id: "AKIA1", result: "failed", error: { code: "X", message: hostile } }],
          },
        ],
        summary: { accounts: 1, byStatus: { failed: 1 }, items: { failed: 1 } },
      },
      "table",
    );
    expect(result).not.toMatch(ESCAPES);
    expect(result).toContain(`${ACCOUNT}  failed (1 failed): evil`);
  });
});
