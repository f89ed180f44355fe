// The remediation plan as a file a person reviews, and its journal beside it. A reviewer may delete
// accounts or items to narrow the plan; nothing in the file can widen it: every planned item must
// carry a digest the plan was written with (an added or edited item, or a held-back one moved into
// `items`, is refused). The digests stop mistakes and naive edits, not someone who recomputes them:
// review the plan file's diff like code.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { checkOutputFile, writeFileAtomic } from "./output-paths";
import { z } from "zod";
import { CREDENTIAL_KINDS } from "../../aws-constants";
import type { JournalRecord } from "../../domain/remediation/apply";
import { PLAN_FORMAT_VERSION, RemediationPlan, summarizePlan } from "../../domain/remediation/plan";
import { badPlan, usageError } from "../../errors";
import { AppendLog } from "./append-log";

/** The plan as written: the domain's plan plus the digests of its planned items. */
export interface PlanFile extends RemediationPlan {
  readonly integrity: { readonly algorithm: "sha256"; readonly planned: string[] };
}

/** A plan file that fails a check at a JSON path ("file: path: what"). */
const badPlanAt = (file: string, path: string, what: string) => badPlan(`${file}: ${path}: ${what}`);

/** The digest of one planned item, bound to its plan (organization and creation time) and account. */
export function itemDigest(plan: Pick<RemediationPlan, "organizationId" | "createdAt">, accountId: string, kind: string, id: string | null): string {
  return createHash("sha256")
    .update(JSON.stringify([plan.organizationId, plan.createdAt, accountId, kind, id]))
    .digest("hex");
}

export function withIntegrity(plan: RemediationPlan): PlanFile {
  const planned = plan.accounts.flatMap((a) => a.items.map((i) => itemDigest(plan, a.accountId, i.kind, i.id))).sort();
  return { ...plan, integrity: { algorithm: "sha256", planned } };
}

/** Where a plan's journal lives: beside it. */
export function journalPath(planFile: string): string {
  return `${planFile}.journal.jsonl`;
}

/** Refuses before any AWS call when the plan cannot be written there (a folder, a symlink, a plan already applied from). */
export function checkPlanOutput(file: string): void {
  if (existsSync(journalPath(file))) {
    throw usageError(`${file}: a plan applied from this path has its journal beside it (${journalPath(file)}): write the new plan elsewhere`);
  }
  checkOutputFile(file, "--output");
}

/** Writes the plan to a temporary file and renames it into place (0600): never half a plan. */
export function writePlanFile(file: string, text: string): void {
  writeFileAtomic(file, text.endsWith("\n") ? text : `${text}\n`);
}

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)) && /^\d{4}-\d{2}-\d{2}T/.test(s), "expected an ISO 8601 date");
const kind = z.enum(CREDENTIAL_KINDS);
const errorInfo = z.strictObject({ code: z.string(), message: z.string() });
const statement = z.strictObject({
  policyId: z.string(),
  policyName: z.string(),
  policyType: z.enum(["SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"]),
  targetId: z.string(),
  statementSid: z.string().optional(),
  statementIndex: z.number().int(),
  actions: z.array(z.string()),
  kind: z.enum(["explicit", "implicit"]),
});
const account = z.strictObject({
  accountId: z.string().regex(/^\d{12}$/, "expected a 12-digit account ID"),
  name: z.string(),
  ouPath: z.string(),
  items: z.array(z.strictObject({ kind, id: z.string().nullable(), createdAt: isoDate.nullable(), lastUsed: isoDate.nullable() })),
  heldBack: z.array(z.strictObject({ kind, id: z.string().nullable(), reason: z.string() })),
  blocked: z.strictObject({ message: z.string(), blockedBy: z.array(statement) }).nullable(),
  error: errorInfo.nullable(),
  prediction: z.strictObject({ verdict: z.enum(["ready", "blocked", "partial", "unknown"]), reason: z.string().optional() }).nullable(),
});
const planSchema = z.strictObject({
  formatVersion: z.literal(PLAN_FORMAT_VERSION),
  organizationId: z.string().regex(/^o-[a-z0-9]{10,32}$/, "expected an organization ID (o-...)"),
  createdAt: isoDate,
  caller: z.strictObject({ accountId: z.string(), arn: z.string() }),
  selection: z.strictObject({
    accounts: z.array(z.string()).nullable(),
    ou: z.string().nullable(),
    only: z.array(kind).min(1),
    keepUsedWithinDays: z.number().int().min(0),
    includeActiveCertificates: z.boolean(),
    prediction: z.string(),
  }),
  accounts: z.array(account),
  // Narrowing makes the counts stale: apply recomputes them, so only their shape is checked.
  summary: z.looseObject({ skipped: z.array(z.strictObject({ accountId: z.string(), name: z.string(), reason: z.string() })) }),
  integrity: z.strictObject({ algorithm: z.literal("sha256"), planned: z.array(z.string().regex(/^[0-9a-f]{64}$/, "expected a sha256 digest")) }),
});

function pathOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>((s, p) => (typeof p === "number" ? `${s}[${p}]` : s ? `${s}.${String(p)}` : String(p)), "") || "(top level)";
}

/** Reads and checks a plan file; every refusal is one line `file: path: what` (exit 2). */
export function readPlanFile(file: string): PlanFile {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw badPlanAt(file, "(file)", `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (err) {
    throw badPlanAt(file, "(top level)", `not JSON: ${(err as Error).message}`);
  }
  const parsed = planSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw badPlanAt(file, pathOf(issue.path), issue.message);
  }
  const plan = parsed.data as unknown as PlanFile;
  const known = new Set(plan.integrity.planned);
  const accounts = new Set<string>();
  plan.accounts.forEach((a, n) => {
    if (accounts.has(a.accountId)) throw badPlanAt(file, `accounts[${n}].accountId`, `${a.accountId} is listed twice`);
    accounts.add(a.accountId);
    const items = new Set<string>();
    a.items.forEach((item, m) => {
      const where = `accounts[${n}].items[${m}]`;
      const key = `${item.kind}:${item.id ?? ""}`;
      if (items.has(key)) throw badPlanAt(file, where, `${key} is listed twice`);
      items.add(key);
      if ((item.kind === "login-profile") !== (item.id === null)) throw badPlanAt(file, `${where}.id`, "the login profile has no id; every other item has one");
      if (!known.has(itemDigest(plan, a.accountId, item.kind, item.id))) {
        throw badPlanAt(
          file,
          where,
          `${item.kind} ${item.id ?? ""} in ${a.accountId} was not planned (an item was added or changed after the plan was made: a plan can only be narrowed)`.replace(
            "  ",
            " ",
          ),
        );
      }
      if (a.blocked || a.error)
        throw badPlanAt(file, where, `account ${a.accountId} is ${a.blocked ? "blocked" : "errored"} in the plan: it can have no items`);
    });
  });
  // The counts follow what is left after narrowing.
  return { ...plan, summary: summarizePlan(plan.accounts, plan.summary.skipped) };
}

/** Identifies a plan in its journal: a journal of another plan at the same path is refused. */
export function planId(plan: Pick<RemediationPlan, "organizationId" | "createdAt" | "caller">): string {
  return `${plan.organizationId}/${plan.createdAt}/${plan.caller.arn}`;
}

/**
 * The journal of earlier runs, oldest first. A last line cut off by kill -9 is ignored (the step it
 * began was not returned, so the fresh read decides); anything else unreadable is refused.
 */
export function readJournal(file: string, plan: RemediationPlan): JournalRecord[] {
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, "utf8").split("\n");
  const records: JournalRecord[] = [];
  lines.forEach((line, n) => {
    if (line.trim() === "") return;
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(line);
    } catch {
      if (n >= lines.length - 2) return;
      throw badPlan(`${file}:${n + 1}: not a JSON line: move the journal away only if no apply of this plan ever ran`);
    }
    if (record.type === "plan") {
      if (record.planId !== planId(plan))
        throw badPlan(`${file}:${n + 1}: this journal belongs to another plan (${String(record.planId)}): move it away or apply the plan it belongs to`);
      return;
    }
    records.push(record as unknown as JournalRecord);
  });
  return records;
}

/** Opens the journal for appending (0600, no symlinks), with the plan's identity as its first line. */
export function openJournal(file: string, plan: RemediationPlan, now: () => Date = () => new Date()): { append(r: JournalRecord): void; close(): void } {
  const fresh = !existsSync(file);
  const log = AppendLog.open(file);
  if (fresh) log.append({ time: now().toISOString(), type: "plan", planId: planId(plan) });
  // An attempt is on disk before its deletion is sent; the other steps are written at once (see AppendLog).
  return { append: (r) => log.append({ time: now().toISOString(), ...r }, r.type === "attempt"), close: () => log.close() };
}
