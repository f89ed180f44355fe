// The cdktf app: one stack per organization in the organizations config.
import { App } from "cdktf";
import { addOrganizationStacks } from "./lib/app";
import { loadOrganizationsConfig } from "./lib/config/load-config";
import { UserError } from "./lib/errors";
import { SANDBOX_ENV, sandboxEndpoint } from "./lib/stacks/sandbox";

try {
  const { config } = loadOrganizationsConfig();
  const sandbox = sandboxEndpoint();
  if (sandbox) process.stderr.write(`${SANDBOX_ENV} is set: every AWS provider calls ${sandbox} with dummy credentials (sandbox, not AWS)\n`);
  const app = new App();
  addOrganizationStacks(app, config, { sandboxEndpoint: sandbox });
  app.synth();
} catch (err) {
  if (!(err instanceof UserError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exitCode = 2;
}
