#!/usr/bin/env node
// `root-access --help` against a bare `node -e 0`, alternating the two so both see the same machine
// state (npm run bench:startup). Budget: the CLI within 2x of bare node (DESIGN.md).
const { execFileSync } = require("node:child_process");
const { join } = require("node:path");

const runs = Number(process.argv[2] ?? 20);
const bin = join(__dirname, "..", "bin", "root-access.js");
const time = (args) => {
  const started = process.hrtime.bigint();
  execFileSync(process.execPath, args, { stdio: "ignore" });
  return Number(process.hrtime.bigint() - started) / 1e6;
};
const bare = [];
const help = [];
for (let i = 0; i < runs; i++) {
  bare.push(time(["-e", "0"]));
  help.push(time([bin, "--help"]));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const b = median(bare);
const h = median(help);
process.stdout.write(`node -e 0: ${b.toFixed(0)} ms, root-access --help: ${h.toFixed(0)} ms (median of ${runs}, alternating): ${(h / b).toFixed(2)}x\n`);
