import { Command, Option } from "commander";
import { CREDENTIAL_KINDS } from "../../aws-constants";
import { lazyRun, Wrap } from "../command";
import { parseAccountIds, parseKinds } from "../flags";
import { privilegedCommand } from "../privileged-command";
import type { DeleteOptions } from "../run/delete-root-credentials";

const run = lazyRun<DeleteOptions>(() => require("../run/delete-root-credentials"));

export function registerDeleteRootCredentials(program: Command, wrap: Wrap): void {
  privilegedCommand(
    program.command("delete-root-credentials").description("delete root credentials of member accounts (audit, delete, audit again)"),
    "member account ID(s), comma-separated",
    parseAccountIds,
  )
    .addOption(new Option("--only <kinds>", `only these kinds: ${CREDENTIAL_KINDS.join(",")}`).argParser(parseKinds))
    .action(wrap((_o, cmd) => run(cmd.optsWithGlobals<DeleteOptions>())));
}
