// The `root-access` command: parses flags, runs one command, maps errors to exit codes.
import { Command, CommanderError } from "commander";
import { AwsError } from "../aws/aws-error";
import { TOOL_VERSION } from "../aws/clients";
import { ConfigError, UserError } from "../errors";
import { registerAudit } from "./commands/audit";
import { registerCheck } from "./commands/check";
import { registerDiscover } from "./commands/discover";
import { registerPrivileged } from "./commands/privileged";
import { registerReview } from "./commands/review";
import { EXIT, ExitCode } from "./exit-codes";

export interface GlobalOptions {
  readonly profile?: string;
  readonly region?: string;
  readonly color: boolean;
  readonly debug?: boolean;
}

/** What a command's action returns: its exit code. */
export type CommandResult = Promise<ExitCode>;

export function buildProgram(setExit: (code: ExitCode) => void): Command {
  const program = new Command("root-access")
    .description("Operate AWS centralized root access management: discover, check, audit, privileged root actions")
    .version(TOOL_VERSION, "-V, --version")
    .option("--profile <name>", "AWS profile (standard shared config and credentials files)")
    .option("--region <region>", "AWS region (STS AssumeRoot needs a regional endpoint); default AWS_REGION")
    .option("--no-color", "plain output without colors")
    .option("--debug", "show stack traces and AWS error details")
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text.replace(/\n+$/, "\n")) });

  const wrap =
    (fn: (...args: any[]) => CommandResult) =>
    async (...args: any[]) => {
      setExit(await fn(...args));
    };
  registerDiscover(program, wrap);
  registerCheck(program, wrap);
  registerAudit(program, wrap);
  registerPrivileged(program, wrap);
  registerReview(program, wrap);
  program.addHelpText(
    "after",
    "\nExit codes: 0 ok, 1 findings or refused action, 2 usage or config error, 3 AWS errors.\nAWS access: the standard chain (profiles, environment, SSO) and AWS_ENDPOINT_URL* overrides.",
  );
  return program;
}

export async function main(argv: string[]): Promise<ExitCode> {
  let code: ExitCode = EXIT.ok;
  const program = buildProgram((c) => (code = c));
  try {
    await program.parseAsync(argv);
    return code;
  } catch (err) {
    return reportError(err, program.opts().debug === true);
  }
}

/** One clear line per problem; the stack only with --debug, or for a bug. */
export function reportError(err: unknown, debug: boolean): ExitCode {
  if (err instanceof CommanderError) {
    if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.code === "commander.help") return EXIT.ok;
    return EXIT.usage; // commander already printed its one line
  }
  const cause = (err as { cause?: unknown })?.cause;
  if (err instanceof UserError) {
    process.stderr.write(`root-access: ${err.message}\n`);
    if (debug && cause) process.stderr.write(`${(cause as Error)?.stack ?? String(cause)}\n`);
    if (err instanceof AwsError) return EXIT.aws;
    if (err instanceof ConfigError) return EXIT.usage;
    return err.code === "NotConfirmed" || err.code === "Refused" ? EXIT.findings : EXIT.usage;
  }
  process.stderr.write(`root-access: internal error: ${(err as Error)?.message ?? String(err)}\n`);
  process.stderr.write(debug ? `${(err as Error)?.stack}\n` : "(run again with --debug for the stack trace)\n");
  return EXIT.findings;
}
