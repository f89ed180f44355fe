// The audit report as an HtmlReport: totals by status and credential kind, a bar per OU, a row per account.
import type { AccountAudit, AuditReport } from "../../domain/audit";
import type { OrganizationNode, OrganizationTree } from "../../domain/ports";
import type { HtmlDetail, HtmlReport, HtmlRow, HtmlTree, HtmlTreeNode, Tone } from "./html-report";
import { renderHtmlReport } from "./html-report";

/** What the page says about the run beyond the report itself. */
export interface AuditRunContext {
  /** The caller's ARN ("who ran it"). @default - not shown */
  readonly caller?: string;
  /** What was selected, e.g. "every account", "accounts under ou-ab12-3456cdef", "3 accounts". */
  readonly selection: string;
  /** The organization's OUs and where each account sits. @default - no per-OU summary */
  readonly tree?: OrganizationTree;
}

type Segment = "credentials" | "clean" | "skipped" | "error";
const SEGMENTS: readonly { key: Segment; label: string; tone: Tone }[] = [
  { key: "credentials", label: "root credentials", tone: "bad" },
  { key: "error", label: "error", tone: "warn" },
  { key: "clean", label: "clean", tone: "good" },
  { key: "skipped", label: "skipped", tone: "muted" },
];

function segment(a: AccountAudit): Segment {
  if (a.status === "error") return "error";
  if (a.status === "skipped") return "skipped";
  return a.hasRootCredentials ? "credentials" : "clean";
}

const keyList = (list: readonly { id: string; status: string }[]) => list.map((k) => `${k.id} (${k.status})`);

function details(a: AccountAudit): HtmlDetail[] {
  const out: HtmlDetail[] = [{ label: "Email", value: a.email }];
  const c = a.rootCredentials;
  if (c) {
    out.push({ label: "Password (login profile)", value: c.loginProfile ? "yes" : "no", tone: c.loginProfile ? "bad" : undefined });
    out.push({ label: "Access keys", value: c.accessKeys.length ? keyList(c.accessKeys) : "none", tone: c.accessKeys.length ? "bad" : undefined });
    out.push({ label: "MFA devices", value: c.mfaDevices.length ? c.mfaDevices : "none", tone: c.mfaDevices.length ? "bad" : undefined });
    out.push({
      label: "Signing certificates",
      value: c.signingCertificates.length ? keyList(c.signingCertificates) : "none",
      tone: c.signingCertificates.length ? "bad" : undefined,
    });
  }
  if (a.reason) out.push({ label: "Skipped because", value: a.reason });
  if (a.error) out.push({ label: `Error ${a.error.code}`, value: a.error.message, tone: "warn" });
  return out;
}

const activeCount = (list: readonly { status: string }[]) =>
  list.length === 0 ? "" : `${list.length} (${list.filter((k) => k.status === "Active").length} active)`;

function row(a: AccountAudit, tree?: OrganizationTree): HtmlRow {
  const c = a.rootCredentials;
  const s = segment(a);
  const label = { credentials: "root credentials", clean: "clean", skipped: "skipped", error: "error" }[s];
  return {
    id: a.accountId,
    cells: {
      account: a.accountId,
      name: a.name,
      state: a.state,
      password: c ? (c.loginProfile ? "yes" : "") : "",
      keys: c ? activeCount(c.accessKeys) : "",
      mfa: c ? c.mfaDevices.length : "",
      certificates: c ? activeCount(c.signingCertificates) : "",
      note: a.status === "error" ? `${a.error?.code}: ${a.error?.message}` : (a.reason ?? ""),
    },
    status: { label, tone: SEGMENTS.find((x) => x.key === s)!.tone },
    groups: tree?.parentsOf.get(a.accountId) ?? [],
    details: details(a),
  };
}

function treeOf(report: AuditReport, tree: OrganizationTree): HtmlTree {
  const counts = new Map<string, Record<string, number>>();
  for (const a of report.accounts) {
    for (const id of tree.parentsOf.get(a.accountId) ?? []) {
      const c = counts.get(id) ?? {};
      c[segment(a)] = (c[segment(a)] ?? 0) + 1;
      counts.set(id, c);
    }
  }
  // Only OUs with a selected account in them: with --ou or --accounts the rest is noise.
  const node = (n: OrganizationNode): HtmlTreeNode | undefined =>
    counts.has(n.id)
      ? { id: n.id, name: n.name, counts: counts.get(n.id)!, children: n.children.map(node).filter((x): x is HtmlTreeNode => x !== undefined) }
      : undefined;
  return {
    title: "Accounts by OU",
    segments: SEGMENTS,
    roots: tree.roots.map(node).filter((x): x is HtmlTreeNode => x !== undefined),
  };
}

export function auditHtmlReport(report: AuditReport, context: AuditRunContext): HtmlReport {
  const s = report.summary;
  const all = report.accounts.filter((a) => a.rootCredentials);
  const count = (f: (a: AccountAudit) => boolean) => all.filter(f).length;
  const verdict =
    s.errors > 0
      ? { text: `Incomplete: ${s.errors} account${s.errors === 1 ? "" : "s"} could not be audited`, tone: "warn" as const }
      : s.withRootCredentials > 0
        ? { text: `Root credentials found in ${s.withRootCredentials} of ${s.audited} audited accounts`, tone: "bad" as const }
        : { text: `No root credentials in the ${s.audited} audited accounts`, tone: "good" as const };
  return {
    kind: "audit",
    title: `Root credentials audit of ${report.organizationId}`,
    verdict,
    facts: [
      { label: "Organization", value: report.organizationId },
      { label: "Generated", value: report.generatedAt },
      ...(context.caller ? [{ label: "Run by", value: context.caller }] : []),
      { label: "Selected", value: context.selection },
    ],
    totals: [
      {
        title: "Accounts by status",
        items: [
          { label: "accounts", value: s.total },
          { label: "with root credentials", value: s.withRootCredentials, tone: "bad" },
          { label: "clean", value: s.audited - s.withRootCredentials, tone: "good" },
          { label: "errors", value: s.errors, tone: "warn" },
          { label: "skipped", value: s.skipped, tone: "muted" },
        ],
      },
      {
        title: "Root credentials by kind (accounts)",
        items: [
          { label: "password", value: count((a) => a.rootCredentials!.loginProfile), tone: "bad" },
          { label: "access keys", value: count((a) => a.rootCredentials!.accessKeys.length > 0), tone: "bad" },
          { label: "MFA devices", value: count((a) => a.rootCredentials!.mfaDevices.length > 0), tone: "bad" },
          { label: "signing certificates", value: count((a) => a.rootCredentials!.signingCertificates.length > 0), tone: "bad" },
        ],
      },
    ],
    tree: context.tree ? treeOf(report, context.tree) : undefined,
    rowNoun: { one: "account", many: "accounts" },
    columns: [
      { key: "account", label: "Account", width: "narrow" },
      { key: "name", label: "Name" },
      { key: "state", label: "State", width: "narrow" },
      { key: "password", label: "Password", width: "narrow" },
      { key: "keys", label: "Access keys", width: "narrow" },
      { key: "mfa", label: "MFA", type: "number" },
      { key: "certificates", label: "Certificates", width: "narrow" },
      { key: "note", label: "Note" },
    ],
    rows: report.accounts.map((a) => row(a, context.tree)),
    sections: [
      {
        title: "What to do",
        paragraphs: [
          "Delete root credentials with root-access delete-root-credentials --account ID (a dry run unless --yes), or plan many accounts at once with root-access remediate plan.",
          "The JSON report (--format json) has every field of this page.",
        ],
      },
    ],
  };
}

export function renderAuditHtml(report: AuditReport, context: AuditRunContext): string {
  return renderHtmlReport(auditHtmlReport(report, context));
}
