import { applyExit, applyRemediationPlan, ApplyProgress } from "../../domain/remediation/apply";
import { CommandResult } from "../command";
import { terminalConfirm } from "../confirm";
import { EXIT } from "../exit-codes";
import { checkOutputFile } from "../io/output-paths";
import { journalPath, openJournal, readJournal, readPlanFile } from "../io/remediation-plan-file";
import { Output, processOutput, writeReport } from "../output";
import type { PrivilegedOptions } from "../privileged-command";
import { progressBar } from "../progress-bar";
import { ApplyFormat, applyAccountLine, applyTotals, renderApplyPreview, renderApplyResult } from "../render/remediation";
import { withPrivilegedDeps } from "./privileged-deps";
import { badPlan } from "../../errors";

export interface ApplyOptions extends Omit<PrivilegedOptions, "account"> {
  readonly plan: string;
  readonly format: ApplyFormat;
  readonly output?: string;
  readonly maxPlanAge: number;
  readonly concurrency: number;
}

const DAY_MS = 86_400_000;

export async function run(opts: ApplyOptions): CommandResult {
  const out = processOutput(!opts.color);
  // Everything about the files is checked before any AWS call.
  const plan = readPlanFile(opts.plan);
  const ageDays = (Date.now() - Date.parse(plan.createdAt)) / DAY_MS;
  if (ageDays > opts.maxPlanAge) {
    throw badPlan(
      `${opts.plan}: createdAt: the plan is ${Math.floor(ageDays)} days old, older than ${opts.maxPlanAge} days (--max-plan-age): make a new plan, or pass --max-plan-age ${Math.ceil(ageDays)}`,
    );
  }
  const journalFile = journalPath(opts.plan);
  const previous = readJournal(journalFile, plan);

  let journal: ReturnType<typeof openJournal> | undefined;
  const bar = progressBar(out, "deleting");
  try {
    // withPrivilegedDeps installs the stop signal (contract 2): SIGINT/SIGTERM start nothing new.
    const run = await withPrivilegedDeps(
      // The plan holds the readiness prediction made when it was written (blocked accounts have no
      // items); apply does not read the organization's policies again.
      { ...opts, account: [], predict: false },
      out,
      (deps) => {
        // The totals go to stderr: stdout carries only the result (--format json stays parseable).
        const confirm = {
          ...terminalConfirm(out, opts, renderApplyPreview),
          show: (p: Parameters<typeof renderApplyPreview>[0]) => out.info(renderApplyPreview(p)),
        };
        return applyRemediationPlan(
          deps,
          {
            plan,
            planName: opts.plan,
            previous,
            // Opened after the question: a dry run or a "no" leaves no journal.
            journal: { append: (r) => (journal ??= openJournal(journalFile, plan)).append(r) },
            concurrency: opts.concurrency,
            signal: deps.signal,
          },
          confirm,
          progress(out, bar),
        );
      },
      () => {
        // Before any AWS call: a result that cannot be written must not throw a finished apply away.
        if (opts.output !== undefined) checkOutputFile(opts.output, "--output");
      },
    );
    bar?.stop();
    const outcome = run.value;
    if (outcome.decision === "dry-run") return EXIT.ok;
    const context = { plan, planName: opts.plan, generatedAt: new Date().toISOString() };
    writeReport(out, renderApplyResult(outcome.result, opts.format, context), opts.output);
    out.info(`${applyTotals(outcome.result)}\njournal: ${journalFile}; action log: ${opts.actionLog}`);
    if (run.stopped !== undefined) {
      const undone = outcome.result.accounts.filter((a) => a.status === "interrupted").length;
      out.info(`stopped by ${run.stoppedBy}: ${undone} accounts left undone; run the same command again to finish them`);
      return run.stopped;
    }
    return { ok: EXIT.ok, findings: EXIT.findings, aws: EXIT.aws }[applyExit(outcome.result)];
  } finally {
    bar?.stop();
    journal?.close();
  }
}

/** The bar on a terminal; one line per finished account otherwise (CI logs). */
function progress(out: Output, bar: ReturnType<typeof progressBar>): (p: ApplyProgress) => void {
  if (bar) return (p) => bar.update({ total: p.total, done: p.done, errors: p.failed, listed: true });
  return (p) => {
    if (p.last) out.info(`[${p.done}/${p.total}] ${applyAccountLine(p.last)}`);
  };
}
