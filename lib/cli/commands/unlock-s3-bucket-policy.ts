import { Command } from "commander";
import { Wrap } from "../command";
import { parseBucket, parseOneAccount } from "../flags";
import { privilegedCommand, UnlockOptions, unlockOptions } from "../privileged-command";
import type { PolicyTarget } from "../../domain/ports";
import { CommandResult } from "../command";

const runUnlock = (opts: UnlockOptions, target: PolicyTarget): CommandResult => (require("../run/unlock") as typeof import("../run/unlock")).run(opts, target);

export function registerUnlockS3BucketPolicy(program: Command, wrap: Wrap): void {
  unlockOptions(
    privilegedCommand(
      program.command("unlock-s3-bucket-policy").description("back up and delete a bucket policy that locks everyone out"),
      "member account ID",
      parseOneAccount,
    ).requiredOption("--bucket <name>", "the bucket", parseBucket),
  ).action(
    wrap((_o, cmd) => {
      const opts = cmd.optsWithGlobals<UnlockOptions & { bucket: string }>();
      return runUnlock(opts, { kind: "s3-bucket-policy", bucket: opts.bucket });
    }),
  );
}
