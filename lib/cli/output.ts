// Where the CLI writes: reports to stdout (or --output), messages to stderr; colors only on a terminal.
import { writeFileAtomic } from "./io/output-paths";

export interface Output {
  /** The report: stdout, nothing else goes there. */
  report(text: string): void;
  /** Messages for the person at the terminal. */
  info(text: string): void;
  readonly color: boolean;
  readonly stderrIsTty: boolean;
  readonly stdinIsTty: boolean;
}

export function processOutput(noColor: boolean): Output {
  const color = !noColor && !process.env.NO_COLOR && Boolean(process.stdout.isTTY);
  return {
    report: (text) => process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
    info: (text) => process.stderr.write(`${text}\n`),
    color,
    stderrIsTty: Boolean(process.stderr.isTTY),
    stdinIsTty: Boolean(process.stdin.isTTY),
  };
}

/**
 * Writes a report to a file (whole or not at all, 0600, never through a symbolic link: check the
 * path with checkOutputFile before the work), or to stdout when no file is given.
 */
export function writeReport(out: Output, text: string, file?: string): void {
  if (file === undefined) return out.report(text);
  writeFileAtomic(file, text.endsWith("\n") ? text : `${text}\n`);
  out.info(`wrote ${file}`);
}
