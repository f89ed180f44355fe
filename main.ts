// The cdktf app: one stack per organization in the organizations config.
import { App } from "cdktf";
import { addOrganizationStacks } from "./lib/app";
import { loadOrganizationsConfig } from "./lib/config/load-config";
import { UserError } from "./lib/errors";

try {
  const { config } = loadOrganizationsConfig();
  const app = new App();
  addOrganizationStacks(app, config);
  app.synth();
} catch (err) {
  if (!(err instanceof UserError)) throw err;
  process.stderr.write(`${err.message}\n`);
  process.exitCode = 2;
}
