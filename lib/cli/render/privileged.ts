// What the privileged commands print: the plan before anything happens, then the result.
import { UNLOCK_TASK_POLICY } from "../../aws-constants";
import type { AccountDeletion, AccountPlan } from "../../domain/privileged/delete-root-credentials";
import { DELETE_TASK_POLICY } from "../../domain/privileged/delete-root-credentials";
import type { PasswordRecoveryResult } from "../../domain/privileged/allow-password-recovery";
import { PASSWORD_TASK_POLICY } from "../../domain/privileged/allow-password-recovery";
import type { UnlockPlan, UnlockResult } from "../../domain/privileged/unlock-policy";
import { targetName } from "../../domain/privileged/policy-backup";
import type { CredentialItem, ErrorInfo } from "../../domain/ports";
import type { UndoneStep } from "../../domain/privileged/preflight";
import { termText } from "./safe-text";

const item = (i: CredentialItem) => `${i.kind}${i.id ? ` ${termText(i.id)}` : ""}`;
const error = (e: ErrorInfo) => termText(`${e.code}: ${e.message}`);
/** A policy document as printed: its own lines kept, each line's controls stripped. */
const block = (text: string) => text.split(/\r?\n/).map(termText).join("\n");

export function renderDeletionPlan(plans: readonly AccountPlan[]): string {
  const lines = plans.flatMap((p) =>
    p.error
      ? [`${termText(p.accountId)}  cannot audit: ${error(p.error)} (nothing will be deleted here)`]
      : p.items.length === 0
        ? [`${termText(p.accountId)}  no root credentials of the selected kinds: nothing to delete`]
        : p.items.map((i) => `${termText(p.accountId)}  delete ${item(i)}`),
  );
  return [`Plan (${DELETE_TASK_POLICY} root sessions):`, ...lines.map((l) => `  ${l}`)].join("\n");
}

export function renderDeletionResults(results: readonly AccountDeletion[]): string {
  const lines: string[] = ["Result:"];
  for (const r of results) {
    const id = termText(r.accountId);
    if (r.error) lines.push(`  ${id}  failed: ${error(r.error)}`);
    for (const i of r.items) lines.push(`  ${id}  ${item(i)}: ${i.result}${i.error ? ` (${error(i.error)})` : ""}`);
    if (r.stopped) {
      for (const left of r.remaining) lines.push(`  ${id}  ${item(left)}: not done (stopped)`);
      lines.push(`  ${id}  stopped: not verified (run the command again to finish)`);
      continue;
    }
    for (const left of r.remaining) lines.push(`  ${id}  still present: ${item(left)}`);
    if (!r.error && r.remaining.length === 0) lines.push(`  ${id}  verified: no root credentials of the selected kinds remain`);
  }
  return lines.join("\n");
}

export function renderPasswordRecoveryPlan({ accountId }: { accountId: string }): string {
  return `Plan: allow root password recovery in ${termText(accountId)} (${PASSWORD_TASK_POLICY} root session, CreateLoginProfile without a password).\nThe password itself is set through "Forgot password" on the root sign-in page: the account's root email inbox is still needed.`;
}

export function renderPasswordRecoveryResult(r: PasswordRecoveryResult): string {
  return r.result === "failed"
    ? `${termText(r.accountId)}  failed: ${error(r.error)}`
    : `${termText(r.accountId)}  ${r.result}: use "Forgot password" with the root email address to set a password`;
}

export function renderUnlockPlan(plan: UnlockPlan, backupDir: string): string {
  const where = termText(`${targetName(plan.target)} in ${plan.accountId}`);
  const current = `Current policy of ${where}:\n${block((plan.kind === "nothing" ? undefined : plan.policy) ?? "(none)")}`;
  const task = UNLOCK_TASK_POLICY[plan.target.kind];
  switch (plan.kind) {
    case "nothing":
      return current;
    case "restore":
      return `${current}\nPlan: ${plan.policy === undefined ? "" : `save the current policy to a backup file in ${termText(backupDir)}/, then `}put back the policy saved at ${termText(plan.backup.savedAt)} (${termText(plan.file)}) with a ${task} root session:\n${block(plan.backup.policy)}`;
    case "unlock":
      return `${current}\nPlan: save this policy to a backup file in ${termText(backupDir)}/, then delete it (${task} root session) and check that it is gone.`;
  }
}

export function renderUnlockResult(plan: UnlockPlan, r: UnlockResult): string {
  const where = termText(`${targetName(plan.target)} in ${plan.accountId}`);
  switch (r.result) {
    case "no policy":
      return `${where} has no policy: nothing to unlock`;
    case "restored":
      return `${where}: policy restored${r.backupFile ? ` (the policy it replaced: ${termText(r.backupFile)})` : ""}`;
    case "stopped":
      return `${where}: stopped before the change was sent${r.backupFile ? ` (backup: ${r.backupFile})` : ""}`;
    case "removed":
      return `${where}: policy deleted (backup: ${termText(r.backupFile)}; put it back with --restore ${termText(r.backupFile)})`;
    case "failed":
      return plan.kind === "restore"
        ? `${where}: restore failed: ${error(r.error)}`
        : `${where}: failed: ${error(r.error)}${r.backupFile ? ` (backup: ${termText(r.backupFile)})` : ""}`;
  }
}

/** What a stop left undone, one line each; empty when nothing was. */
export function renderUndone(undone: readonly UndoneStep[]): string[] {
  return undone.map((u) => `not done (stopped): ${u.accountId}  ${u.action}${u.target ? ` ${u.target}` : ""}`);
}
