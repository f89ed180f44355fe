// The safety gate of every privileged action: dry run unless --yes; on a terminal, ask.
import type { Confirm, Decision } from "../domain/ports";
import { interruptedAtPrompt, notConfirmed } from "../errors";
import { Output } from "./output";

export interface ConfirmOptions {
  readonly yes?: boolean;
  readonly dryRun?: boolean;
}

/** Answers a workflow's question: --dry-run, --yes, or a person at a terminal; without one, refuses. */
export async function askPerson(out: Output, opts: ConfirmOptions, question: string): Promise<Decision> {
  if (opts.dryRun) {
    out.info("dry run: nothing was changed (run again with --yes to do it)");
    return "dry-run";
  }
  if (opts.yes) return "--yes";
  if (!out.stdinIsTty || !out.stderrIsTty) throw notConfirmed();
  // Loaded only here: most runs never prompt.
  const { confirm } = await import("@inquirer/prompts");
  let answer: boolean;
  try {
    answer = await confirm({ message: question, default: false }, { output: process.stderr });
  } catch (err) {
    // Ctrl-C (or a closed terminal) at the question is a refusal, not a bug.
    if ((err as Error)?.name === "ExitPromptError") throw interruptedAtPrompt();
    throw err;
  }
  if (!answer) throw notConfirmed("not confirmed: nothing was changed");
  return "terminal";
}

/** A Confirm that shows the plan with `render` on stdout, then asks. */
export function terminalConfirm<P>(out: Output, opts: ConfirmOptions, render: (plan: P) => string): Confirm<P> {
  return {
    show: (plan) => out.report(render(plan)),
    ask: (question) => askPerson(out, opts, question),
  };
}
