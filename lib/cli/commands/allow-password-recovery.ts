import { Command } from "commander";
import { lazyRun, Wrap } from "../command";
import { parseOneAccount } from "../flags";
import { PrivilegedOptions, privilegedCommand } from "../privileged-command";

const run = lazyRun<PrivilegedOptions>(() => require("../run/allow-password-recovery"));

export function registerAllowPasswordRecovery(program: Command, wrap: Wrap): void {
  privilegedCommand(
    program.command("allow-password-recovery").description("let the root user of a member account recover its password (CreateLoginProfile)"),
    "member account ID",
    parseOneAccount,
  ).action(wrap((_o, cmd) => run(cmd.optsWithGlobals<PrivilegedOptions>())));
}
