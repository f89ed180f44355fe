// The safety gate of every privileged action: dry run unless --yes; on a terminal, ask.
import { UserError } from "../errors";
import { Output } from "./output";

export interface ConfirmOptions {
  readonly yes?: boolean;
  readonly dryRun?: boolean;
}

export type Decision = "confirmed" | "dry-run";

/** Throws NotConfirmed (exit 1) when neither --yes nor a terminal answer allows going on. */
export async function confirmAction(out: Output, opts: ConfirmOptions, question: string): Promise<Decision> {
  if (opts.dryRun) {
    out.info("dry run: nothing was changed (run again with --yes to do it)");
    return "dry-run";
  }
  if (opts.yes) return "confirmed";
  if (!out.stdinIsTty || !out.stderrIsTty) throw new UserError("NotConfirmed", "not confirmed: re-run with --yes");
  // Loaded only here: most runs never prompt.
  const { confirm } = await import("@inquirer/prompts");
  const answer = await confirm({ message: question, default: false }, { output: process.stderr });
  if (!answer) throw new UserError("NotConfirmed", "not confirmed: nothing was changed");
  return "confirmed";
}
