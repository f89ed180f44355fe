import { Command } from "commander";
import { allowPasswordRecovery } from "../../domain/privileged/allow-password-recovery";
import { CommandResult, Wrap } from "../command";
import { terminalConfirm } from "../confirm";
import { EXIT } from "../exit-codes";
import { parseOneAccount } from "../flags";
import { processOutput } from "../output";
import { PrivilegedOptions, privilegedCommand, withPrivilegedDeps } from "../privileged-command";
import { renderPasswordRecoveryPlan, renderPasswordRecoveryResult } from "../render/privileged";

export function registerAllowPasswordRecovery(program: Command, wrap: Wrap): void {
  privilegedCommand(
    program.command("allow-password-recovery").description("let the root user of a member account recover its password (CreateLoginProfile)"),
    "member account ID",
    parseOneAccount,
  ).action(wrap((_o, cmd) => run(cmd.optsWithGlobals<PrivilegedOptions>())));
}

async function run(opts: PrivilegedOptions): CommandResult {
  const out = processOutput(!opts.color);
  const [accountId] = opts.account;
  const outcome = await withPrivilegedDeps(opts, out, (deps) => allowPasswordRecovery(deps, accountId, terminalConfirm(out, opts, renderPasswordRecoveryPlan)));
  if (outcome.decision === "dry-run") return EXIT.ok;
  out.report(renderPasswordRecoveryResult(outcome.result));
  out.info(`action log: ${opts.actionLog}`);
  return outcome.result.result === "failed" ? EXIT.findings : EXIT.ok;
}
