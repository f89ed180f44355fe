// The `root-access` command: parses flags, runs one command, maps errors to exit codes.
import { Command, CommanderError } from "commander";
import { categoryOf, UserError } from "../errors";
import { CommandResult, RegisterCommand, Wrap } from "./command";
import { registerAllowPasswordRecovery } from "./commands/allow-password-recovery";
import { registerAudit } from "./commands/audit";
import { registerCheck } from "./commands/check";
import { registerDeleteRootCredentials } from "./commands/delete-root-credentials";
import { registerDiscover } from "./commands/discover";
import { registerRemediate } from "./commands/remediate";
import { registerReadiness } from "./commands/readiness";
import { registerReview } from "./commands/review";
import { registerUnlockS3BucketPolicy } from "./commands/unlock-s3-bucket-policy";
import { registerUnlockSqsQueuePolicy } from "./commands/unlock-sqs-queue-policy";
import { EXIT, EXIT_CODE_HELP, ExitCode, exitCodeFor } from "./exit-codes";
import { parseRegion } from "./flags";
import { TOOL_VERSION } from "../version";

/** Every command, in the order `--help` lists them. */
const COMMANDS: RegisterCommand[] = [
  registerDiscover,
  registerCheck,
  registerAudit,
  registerDeleteRootCredentials,
  registerAllowPasswordRecovery,
  registerUnlockS3BucketPolicy,
  registerUnlockSqsQueuePolicy,
  registerRemediate,
  registerReadiness,
  registerReview,
];

export function buildProgram(setExit: (code: ExitCode) => void): Command {
  const program = new Command("root-access")
    .description("Operate AWS centralized root access management: discover, check, audit, privileged root actions")
    .version(TOOL_VERSION, "-V, --version")
    .option("--profile <name>", "AWS profile (standard shared config and credentials files)")
    .option("--region <region>", "AWS region (STS AssumeRoot needs a regional endpoint); default AWS_REGION, then the profile's region", parseRegion)
    .option("--no-color", "plain output without colors")
    .option("--debug", "show stack traces and AWS error details")
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text.replace(/\n+$/, "\n")) });

  const wrap: Wrap =
    <O>(fn: (opts: O, cmd: Command) => CommandResult) =>
    async (...args: unknown[]) => {
      setExit(await fn(args[0] as O, args[args.length - 1] as Command));
    };
  for (const register of COMMANDS) register(program, wrap);
  program.addHelpText("after", `\n${EXIT_CODE_HELP}\nAWS access: the standard chain (profiles, environment, SSO) and AWS_ENDPOINT_URL* overrides.`);
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
  if (err instanceof UserError) {
    process.stderr.write(`root-access: ${err.message}\n`);
    const cause = err.cause;
    if (debug && cause) process.stderr.write(`${(cause as Error)?.stack ?? String(cause)}\n`);
    return exitCodeFor(err.category);
  }
  process.stderr.write(`root-access: internal error: ${(err as Error)?.message ?? String(err)}\n`);
  process.stderr.write(debug ? `${(err as Error)?.stack}\n` : "(a bug in root-access: run again with --debug for the stack trace, and report it)\n");
  return exitCodeFor(categoryOf(err));
}
