// The cdktf app: one stack per organization in the organizations config.
import { runApp } from "./lib/run-app";

// cdktf captures a full stack trace for every token it creates; formatting them through tsx's
// source maps made synth about 25% slower (npm run bench). A bug's stack trace here points into
// the transpiled code instead; run with NODE_OPTIONS=--enable-source-maps to map it.
if (!process.execArgv.includes("--enable-source-maps") && !(process.env.NODE_OPTIONS ?? "").includes("--enable-source-maps")) {
  process.setSourceMapsEnabled(false);
}

process.exitCode = runApp({ stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) });
