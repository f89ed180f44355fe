#!/usr/bin/env node
// Runs the TypeScript CLI directly (tsx), so `npx root-access` works right after `npm ci`.
// The SDK's Node-version notice is eight lines on stderr; it would bury our one-line errors.
if (process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED === undefined) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
}
require("tsx/cjs");
require("../lib/cli/main.ts")
  .main(process.argv)
  .then((code) => {
    process.exitCode = code;
  });
