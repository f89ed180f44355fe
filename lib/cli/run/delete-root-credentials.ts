import type { CredentialKind } from "../../aws-constants";
import { deleteRootCredentials } from "../../domain/privileged/delete-root-credentials";
import { CommandResult } from "../command";
import { terminalConfirm } from "../confirm";
import { EXIT } from "../exit-codes";
import { processOutput } from "../output";
import type { PrivilegedOptions } from "../privileged-command";
import { withPrivilegedDeps } from "./privileged-deps";
import { renderDeletionPlan, renderDeletionResults, renderUndone } from "../render/privileged";

export interface DeleteOptions extends PrivilegedOptions {
  readonly only?: CredentialKind[];
}

export async function run(opts: DeleteOptions): CommandResult {
  const out = processOutput(!opts.color);
  const { value: outcome, stopped } = await withPrivilegedDeps(opts, out, (deps) =>
    deleteRootCredentials(deps, { accountIds: opts.account, only: opts.only }, terminalConfirm(out, opts, renderDeletionPlan)),
  );
  if (outcome.decision === "stopped") {
    out.info(`stopped before anything was changed; action log: ${opts.actionLog}`);
    return stopped ?? EXIT.findings;
  }
  if (outcome.decision === "dry-run") return EXIT.ok;
  out.report(renderDeletionResults(outcome.results));
  for (const line of renderUndone(outcome.undone)) out.info(line);
  if (stopped) out.info(`stopped: ${outcome.undone.length} step(s) left undone; run the same command again to finish`);
  // Only a run that asked (and so logged its answer) has something in the log.
  if (outcome.plans.some((p) => !p.error && p.items.length > 0)) out.info(`action log: ${opts.actionLog}`);
  return stopped ?? (outcome.failed ? EXIT.findings : EXIT.ok);
}
