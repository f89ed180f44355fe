import { Command } from "commander";
import { Wrap } from "../command";
import { parseOneAccount, parseQueueUrl } from "../flags";
import { privilegedCommand, UnlockOptions, unlockOptions } from "../privileged-command";
import type { PolicyTarget } from "../../domain/ports";
import { CommandResult } from "../command";

const runUnlock = (opts: UnlockOptions, target: PolicyTarget): CommandResult => (require("../run/unlock") as typeof import("../run/unlock")).run(opts, target);

export function registerUnlockSqsQueuePolicy(program: Command, wrap: Wrap): void {
  unlockOptions(
    privilegedCommand(
      program.command("unlock-sqs-queue-policy").description("back up and delete a queue policy that locks everyone out"),
      "member account ID",
      parseOneAccount,
    ).requiredOption("--queue-url <url>", "the queue URL", parseQueueUrl),
  ).action(
    wrap((_o, cmd) => {
      const opts = cmd.optsWithGlobals<UnlockOptions & { queueUrl: string }>();
      return runUnlock(opts, { kind: "sqs-queue-policy", queueUrl: opts.queueUrl });
    }),
  );
}
