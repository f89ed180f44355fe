import { Command, Option } from "commander";
import { CREDENTIAL_KINDS, CredentialKind } from "../../aws-constants";
import { deleteRootCredentials } from "../../domain/privileged/delete-root-credentials";
import { CommandResult, Wrap } from "../command";
import { terminalConfirm } from "../confirm";
import { EXIT } from "../exit-codes";
import { parseAccountIds, parseKinds } from "../flags";
import { processOutput } from "../output";
import { PrivilegedOptions, privilegedCommand, withPrivilegedDeps } from "../privileged-command";
import { renderDeletionPlan, renderDeletionResults } from "../render/privileged";

interface DeleteOptions extends PrivilegedOptions {
  readonly only?: CredentialKind[];
}

export function registerDeleteRootCredentials(program: Command, wrap: Wrap): void {
  privilegedCommand(
    program.command("delete-root-credentials").description("delete root credentials of member accounts (audit, delete, audit again)"),
    "member account ID(s), comma-separated",
    parseAccountIds,
  )
    .addOption(new Option("--only <kinds>", `only these kinds: ${CREDENTIAL_KINDS.join(",")}`).argParser(parseKinds))
    .action(wrap((_o, cmd) => run(cmd.optsWithGlobals<DeleteOptions>())));
}

async function run(opts: DeleteOptions): CommandResult {
  const out = processOutput(!opts.color);
  const outcome = await withPrivilegedDeps(opts, out, (deps) =>
    deleteRootCredentials(deps, { accountIds: opts.account, only: opts.only }, terminalConfirm(out, opts, renderDeletionPlan)),
  );
  if (outcome.decision === "dry-run") return EXIT.ok;
  out.report(renderDeletionResults(outcome.results));
  out.info(`action log: ${opts.actionLog}`);
  return outcome.failed ? EXIT.findings : EXIT.ok;
}
