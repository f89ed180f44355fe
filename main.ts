// The cdktf app: one stack per organization in the organizations config.
import { App } from "cdktf";
import { addOrganizationStacks, completeHclOutput, completeJsonOutput } from "./lib/app";
import { loadOrganizationsConfig } from "./lib/config/load-config";
import { UserError } from "./lib/errors";
import { assertSandboxBackends, SANDBOX_ENV, sandboxEndpoint } from "./lib/stacks/sandbox";

// cdktf captures a full stack trace for every token it creates; formatting them through tsx's
// source maps made synth about 25% slower (npm run bench). A bug's stack trace here points into
// the transpiled code instead; run with NODE_OPTIONS=--enable-source-maps to map it.
if (!process.execArgv.includes("--enable-source-maps") && !(process.env.NODE_OPTIONS ?? "").includes("--enable-source-maps")) {
  process.setSourceMapsEnabled(false);
}

try {
  const { config } = loadOrganizationsConfig();
  const sandbox = sandboxEndpoint();
  assertSandboxBackends(config.organizations, sandbox);
  // A notice, not an error: on stdout, which cdktf shows as information (stderr shows as [ERROR]).
  if (sandbox) process.stdout.write(`${SANDBOX_ENV} is set: every AWS provider calls ${sandbox} with dummy credentials (sandbox, not AWS)\n`);
  const app = new App();
  const stacks = addOrganizationStacks(app, config, { sandboxEndpoint: sandbox });
  app.synth();
  completeHclOutput(app, stacks);
  completeJsonOutput(app, stacks);
} catch (err) {
  if (!(err instanceof UserError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exitCode = 2;
}
