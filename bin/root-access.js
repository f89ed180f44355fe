#!/usr/bin/env node
// The root-access command: runs the compiled JavaScript in dist/ (built by `npm ci` through the
// prepare script, and by npm test), loading only what the chosen command uses. In a checkout where
// dist/ was never built, it runs the TypeScript source through tsx (a development dependency).
// The SDK's Node-version notice is eight lines on stderr; it would bury our one-line errors.
if (process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED === undefined) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
}
const { existsSync } = require("node:fs");
const { join } = require("node:path");

const compiled = join(__dirname, "..", "dist", "cli", "main.js");
let cli;
if (existsSync(compiled)) {
  cli = require(compiled);
} else {
  require("tsx/cjs");
  cli = require("../lib/cli/main.ts");
}
cli.main(process.argv).then((code) => {
  process.exitCode = code;
});
