// The four privileged root actions. Each prints what it will do, then acts only with --yes (or a
// "yes" on a terminal), and writes every step to the action log.
import { Command, InvalidArgumentError, Option } from "commander";
import { CREDENTIAL_KINDS, CredentialKind } from "../../aws-constants";
import { createClients } from "../../aws/clients";
import { OrganizationsApi } from "../../aws/organizations-api";
import { RootSessionOpener } from "../../aws/root-session";
import { ActionLog } from "../../domain/privileged/action-log";
import { allowPasswordRecovery } from "../../domain/privileged/allow-password-recovery";
import { executeDeletion, planDeletion } from "../../domain/privileged/delete-root-credentials";
import { preflight } from "../../domain/privileged/preflight";
import { inspectPolicy, PolicyTarget, readBackup, restorePolicy, targetName, UNLOCK_TASK_POLICY, unlockPolicy } from "../../domain/privileged/unlock-policy";
import { UserError } from "../../errors";
import { confirmAction } from "../confirm";
import { EXIT } from "../exit-codes";
import type { CommandResult, GlobalOptions } from "../main";
import { Output, processOutput } from "../output";
import { parseAccountIds } from "./audit";

interface PrivilegedOptions extends GlobalOptions {
  readonly account: string[];
  readonly yes?: boolean;
  readonly dryRun?: boolean;
  readonly actionLog: string;
}

type Wrap = (fn: (o: any, c: Command) => CommandResult) => (...a: any[]) => Promise<void>;

function parseKinds(value: string): CredentialKind[] {
  const kinds = value.split(",").map((s) => s.trim()).filter(Boolean);
  const bad = kinds.find((k) => !(CREDENTIAL_KINDS as readonly string[]).includes(k));
  if (kinds.length === 0 || bad !== undefined) throw new InvalidArgumentError(`${JSON.stringify(bad ?? value)} is not a credential kind; expected ${CREDENTIAL_KINDS.join(", ")} (comma-separated)`);
  return [...new Set(kinds)] as CredentialKind[];
}

function parseOneAccount(value: string): string[] {
  const ids = parseAccountIds(value);
  if (ids.length !== 1) throw new InvalidArgumentError("expected one account ID");
  return ids;
}

function parseBucket(value: string): string {
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(value)) throw new InvalidArgumentError("expected an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)");
  return value;
}

function parseQueueUrl(value: string): string {
  if (!/^https?:\/\/[^/\s]+\/\d{12}\/[\w-]{1,80}(\.fifo)?$/.test(value)) throw new InvalidArgumentError("expected a queue URL such as https://sqs.us-east-1.amazonaws.com/123456789012/my-queue");
  return value;
}

function common(cmd: Command, accountHelp: string, parser: (v: string) => string[]): Command {
  return cmd
    .requiredOption("--account <id>", accountHelp, parser)
    .option("--yes", "do it (without --yes: print what would be done, then ask on a terminal or stop)")
    .addOption(new Option("--dry-run", "print what would be done and exit 0").conflicts("yes"))
    .option("--action-log <file>", "append every step to this JSON-lines file", "root-access-actions.jsonl");
}

export function registerPrivileged(program: Command, wrap: Wrap): void {
  common(program.command("delete-root-credentials").description("delete root credentials of member accounts (audit, delete, audit again)"), "member account ID(s), comma-separated", parseAccountIds)
    .addOption(new Option("--only <kinds>", `only these kinds: ${CREDENTIAL_KINDS.join(",")}`).argParser(parseKinds))
    .action(wrap((_o, cmd) => runDelete(cmd.optsWithGlobals())));
  common(program.command("allow-password-recovery").description("let the root user of a member account recover its password (CreateLoginProfile)"), "member account ID", parseOneAccount).action(
    wrap((_o, cmd) => runAllowPasswordRecovery(cmd.optsWithGlobals())),
  );
  common(program.command("unlock-s3-bucket-policy").description("back up and delete a bucket policy that locks everyone out"), "member account ID", parseOneAccount)
    .requiredOption("--bucket <name>", "the bucket", parseBucket)
    .option("--restore <file>", "put a backed-up policy back instead")
    .option("--backup-dir <dir>", "where policy backups are written", "root-access-backups")
    .action(wrap((_o, cmd) => runUnlock(cmd.optsWithGlobals(), (o) => ({ kind: "s3-bucket-policy", bucket: o.bucket }))));
  common(program.command("unlock-sqs-queue-policy").description("back up and delete a queue policy that locks everyone out"), "member account ID", parseOneAccount)
    .requiredOption("--queue-url <url>", "the queue URL", parseQueueUrl)
    .option("--restore <file>", "put a backed-up policy back instead")
    .option("--backup-dir <dir>", "where policy backups are written", "root-access-backups")
    .action(wrap((_o, cmd) => runUnlock(cmd.optsWithGlobals(), (o) => ({ kind: "sqs-queue-policy", queueUrl: o.queueUrl }))));
}

/** Clients, preflight checks and the action log shared by the four actions. */
async function start(opts: PrivilegedOptions) {
  const out = processOutput(!opts.color);
  const clients = createClients({ profile: opts.profile, region: opts.region });
  const api = new OrganizationsApi(clients);
  const checked = await preflight(api, opts.account);
  const log = new ActionLog(opts.actionLog, checked.caller);
  // Same pacing and retry rules as the audit (a handful of sessions here).
  const rootSessions = new RootSessionOpener(clients.options);
  return { out, checked, log, rootSessions };
}

async function gate(out: Output, opts: PrivilegedOptions, log: ActionLog, question: string, accounts: string[]): Promise<boolean> {
  try {
    const decision = await confirmAction(out, opts, question);
    for (const account of accounts) log.write({ account, action: "confirm", result: decision === "dry-run" ? "dry-run" : opts.yes ? "confirmed (--yes)" : "confirmed (terminal)" });
    return decision === "confirmed";
  } catch (err) {
    if (err instanceof UserError && err.code === "NotConfirmed") for (const account of accounts) log.write({ account, action: "confirm", result: "not confirmed" });
    throw err;
  }
}

async function runDelete(opts: PrivilegedOptions & { only?: CredentialKind[] }): CommandResult {
  const only = opts.only ?? [...CREDENTIAL_KINDS];
  const { out, log, rootSessions } = await start(opts);
  try {
    const plans = await Promise.all(opts.account.map((id) => planDeletion(rootSessions, id, only)));
    const lines = plans.flatMap((p) =>
      p.error ? [`${p.accountId}  cannot audit: ${p.error.code}: ${p.error.message} (nothing will be deleted here)`] : p.items.length === 0 ? [`${p.accountId}  no root credentials of the selected kinds: nothing to delete`] : p.items.map((i) => `${p.accountId}  delete ${i.kind}${i.id ? ` ${i.id}` : ""}`),
    );
    out.report(["Plan (IAMDeleteRootUserCredentials root sessions):", ...lines.map((l) => `  ${l}`)].join("\n"));
    const actionable = plans.filter((p) => !p.error && p.items.length > 0);
    if (actionable.length > 0 && !(await gate(out, opts, log, `Delete these root credentials in ${actionable.map((p) => p.accountId).join(", ")}?`, actionable.map((p) => p.accountId)))) return EXIT.ok;
    const results = await Promise.all(plans.map((p) => executeDeletion(rootSessions, p, only, log)));
    const report: string[] = ["Result:"];
    let bad = false;
    for (const r of results) {
      if (r.error) {
        bad = true;
        report.push(`  ${r.accountId}  failed: ${r.error.code}: ${r.error.message}`);
      }
      for (const i of r.items) {
        if (i.result === "failed") bad = true;
        report.push(`  ${r.accountId}  ${i.kind}${i.id ? ` ${i.id}` : ""}: ${i.result}${i.error ? ` (${i.error.code}: ${i.error.message})` : ""}`);
      }
      for (const left of r.remaining) {
        bad = true;
        report.push(`  ${r.accountId}  still present: ${left.kind}${left.id ? ` ${left.id}` : ""}`);
      }
      if (!r.error && r.remaining.length === 0) report.push(`  ${r.accountId}  verified: no root credentials of the selected kinds remain`);
    }
    out.report(report.join("\n"));
    out.info(`action log: ${opts.actionLog}`);
    return bad ? EXIT.findings : EXIT.ok;
  } finally {
    rootSessions.destroy();
  }
}

async function runAllowPasswordRecovery(opts: PrivilegedOptions): CommandResult {
  const { out, log, rootSessions } = await start(opts);
  const [accountId] = opts.account;
  try {
    out.report(`Plan: allow root password recovery in ${accountId} (IAMCreateRootUserPassword root session, CreateLoginProfile without a password).\nThe password itself is set through "Forgot password" on the root sign-in page: the account's root email inbox is still needed.`);
    if (!(await gate(out, opts, log, `Allow root password recovery in ${accountId}?`, [accountId]))) return EXIT.ok;
    const r = await allowPasswordRecovery(rootSessions, accountId, log);
    out.report(r.result === "failed" ? `${accountId}  failed: ${r.error.code}: ${r.error.message}` : `${accountId}  ${r.result}: use "Forgot password" with the root email address to set a password`);
    out.info(`action log: ${opts.actionLog}`);
    return r.result === "failed" ? EXIT.findings : EXIT.ok;
  } finally {
    rootSessions.destroy();
  }
}

async function runUnlock(opts: PrivilegedOptions & { restore?: string; backupDir: string; bucket?: string; queueUrl?: string }, targetOf: (o: any) => PolicyTarget): CommandResult {
  const target = targetOf(opts);
  const [accountId] = opts.account;
  const backup = opts.restore ? readBackup(opts.restore, target, accountId) : undefined;
  const { out, log, rootSessions } = await start(opts);
  const inspection = await inspectPolicy(rootSessions, accountId, target);
  try {
    const where = `${targetName(target)} in ${accountId}`;
    out.report(`Current policy of ${where}:\n${inspection.policy ?? "(none)"}`);
    if (backup) {
      out.report(`Plan: put back the policy saved at ${backup.savedAt} (${opts.restore}) with a ${UNLOCK_TASK_POLICY[target.kind]} root session:\n${backup.policy}`);
      if (!(await gate(out, opts, log, `Restore this policy on ${where}?`, [accountId]))) return EXIT.ok;
      const r = await restorePolicy(inspection, backup, log);
      out.report(r.result === "restored" ? `${where}: policy restored` : `${where}: restore failed: ${r.error.code}: ${r.error.message}`);
      out.info(`action log: ${opts.actionLog}`);
      return r.result === "restored" ? EXIT.ok : EXIT.findings;
    }
    if (inspection.policy === undefined) {
      await unlockPolicy(inspection, opts.backupDir, log); // nothing to delete: it only records that
      out.report(`${where} has no policy: nothing to unlock`);
      return EXIT.ok;
    }
    out.report(`Plan: save this policy to a backup file in ${opts.backupDir}/, then delete it (${UNLOCK_TASK_POLICY[target.kind]} root session) and check that it is gone.`);
    if (!(await gate(out, opts, log, `Delete the policy of ${where}?`, [accountId]))) return EXIT.ok;
    const r = await unlockPolicy(inspection, opts.backupDir, log);
    if (r.result === "removed") out.report(`${where}: policy deleted (backup: ${r.backupFile}; put it back with --restore ${r.backupFile})`);
    else if (r.result === "failed") out.report(`${where}: failed: ${r.error.code}: ${r.error.message}${r.backupFile ? ` (backup: ${r.backupFile})` : ""}`);
    out.info(`action log: ${opts.actionLog}`);
    return r.result === "failed" ? EXIT.findings : EXIT.ok;
  } finally {
    inspection.store.destroy();
    rootSessions.destroy();
  }
}
