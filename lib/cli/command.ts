// What every command shares: global options, its result type, and AWS access loaded on demand.
import type { Command } from "commander";
import type { AwsContext, AwsPorts } from "../aws";
import type { ExitCode } from "./exit-codes";

export interface GlobalOptions {
  readonly profile?: string;
  readonly region?: string;
  readonly color: boolean;
  readonly debug?: boolean;
}

/** What a command's action returns: its exit code. */
export type CommandResult = Promise<ExitCode>;

/** Turns a command's run function into a commander action that records its exit code. */
export type Wrap = <O>(fn: (opts: O, cmd: Command) => CommandResult) => (...args: unknown[]) => Promise<void>;

/** Registers one command on the program. */
export type RegisterCommand = (program: Command, wrap: Wrap) => void;

/**
 * Connects to AWS for one command, runs `fn` with the ports, and closes every client after. The AWS
 * layer (and the SDK) is loaded only here, so `--help` and `review` never load it.
 */
export async function withAws<T>(context: AwsContext, fn: (aws: AwsPorts) => Promise<T>): Promise<T> {
  const { connect } = require("../aws") as typeof import("../aws");
  const aws = await connect(context);
  try {
    return await fn(aws);
  } finally {
    aws.close();
  }
}

/**
 * A command's run function, loaded when the command runs: `--help` and the other commands never
 * load its modules (the config schema, the AWS layer, renderers).
 */
export function lazyRun<O>(load: () => { run: (opts: O) => CommandResult }): (opts: O) => CommandResult {
  return (opts) => load().run(opts);
}
