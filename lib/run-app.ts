// What main.ts runs, as `cdktf synth` starts it; in a module of its own so the tests can run it in
// their process, and so the library's index does not load the config file reader.
import { App } from "cdktf";
import { addOrganizationStacks, completeHclOutput, completeJsonOutput } from "./app";
import { loadOrganizationsConfig } from "./config/load-config";
import { UserError } from "./errors";
import { assertSandboxBackends, SANDBOX_ENV, sandboxEndpoint } from "./stacks/sandbox";

/** Where the app writes what it has to say: main.ts passes process.stdout and process.stderr. */
export interface AppOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

/**
 * The organizations config (ROOT_ACCESS_CONFIG, organizations.json, or the embedded default), one
 * stack per organization, synthesized where cdktf says (the App reads CDKTF_OUTDIR and
 * SYNTH_HCL_OUTPUT from the environment), then completed. Returns the exit code: bad input is one
 * line on stderr and 2, with nothing written.
 */
export function runApp(out: AppOutput): number {
  try {
    const { config } = loadOrganizationsConfig();
    const sandbox = sandboxEndpoint();
    assertSandboxBackends(config.organizations, sandbox);
    // A notice, not an error: on stdout, which cdktf shows as information (stderr shows as [ERROR]).
    if (sandbox) out.stdout(`${SANDBOX_ENV} is set: every AWS provider calls ${sandbox} with dummy credentials (sandbox, not AWS)\n`);
    const app = new App();
    const stacks = addOrganizationStacks(app, config, { sandboxEndpoint: sandbox });
    app.synth();
    completeHclOutput(app, stacks);
    completeJsonOutput(app, stacks);
    return 0;
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    out.stderr(`${err.message}\n`);
    return 2;
  }
}
