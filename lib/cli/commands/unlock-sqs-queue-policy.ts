import { Command } from "commander";
import { Wrap } from "../command";
import { parseOneAccount, parseQueueUrl } from "../flags";
import { privilegedCommand, UnlockOptions, unlockOptions } from "../privileged-command";
import type { PolicyTargetKind } from "../../domain/ports";
import { CommandResult } from "../command";

const runUnlock = (opts: UnlockOptions, kind: PolicyTargetKind, named: string | undefined): CommandResult =>
  (require("../run/unlock") as typeof import("../run/unlock")).run(opts, kind, named);

export function registerUnlockSqsQueuePolicy(program: Command, wrap: Wrap): void {
  unlockOptions(
    privilegedCommand(
      program.command("unlock-sqs-queue-policy").description("back up and delete a queue policy that locks everyone out"),
      "member account ID",
      parseOneAccount,
      false,
    ).option("--queue-url <url>", "the queue URL", parseQueueUrl),
  ).action(
    wrap((_o, cmd) => {
      const opts = cmd.optsWithGlobals<UnlockOptions & { queueUrl: string }>();
      return runUnlock(opts, "sqs-queue-policy", opts.queueUrl);
    }),
  );
}
