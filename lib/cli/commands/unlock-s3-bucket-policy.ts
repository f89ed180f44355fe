import { Command } from "commander";
import { Wrap } from "../command";
import { parseBucket, parseOneAccount } from "../flags";
import { privilegedCommand, UnlockOptions, unlockOptions } from "../privileged-command";
import type { PolicyTargetKind } from "../../domain/ports";
import { CommandResult } from "../command";

const runUnlock = (opts: UnlockOptions, kind: PolicyTargetKind, named: string | undefined): CommandResult =>
  (require("../run/unlock") as typeof import("../run/unlock")).run(opts, kind, named);

export function registerUnlockS3BucketPolicy(program: Command, wrap: Wrap): void {
  unlockOptions(
    privilegedCommand(
      program.command("unlock-s3-bucket-policy").description("back up and delete a bucket policy that locks everyone out"),
      "member account ID",
      parseOneAccount,
      false,
    ).option("--bucket <name>", "the bucket", parseBucket),
  ).action(
    wrap((_o, cmd) => {
      const opts = cmd.optsWithGlobals<UnlockOptions & { bucket: string }>();
      return runUnlock(opts, "s3-bucket-policy", opts.bucket);
    }),
  );
}
