#!/usr/bin/env node
// Copies lib's declarations from .types/ (written by the one tsc of `npm run typecheck`, which checks
// lib, tests, tools and scripts together) into dist/ beside the JavaScript swc compiled: the same
// files `npm run compile` writes with a tsc of its own, without checking lib a second time.
// tsc keeps .types/ between runs (incremental: after a small change it checks only what the change
// affects), so a declaration whose source is gone may still be there: only those of lib's current
// sources are copied.
const { cpSync, existsSync, readdirSync, statSync } = require("node:fs");
const { join, relative } = require("node:path");

const root = join(__dirname, "..");
const lib = join(root, "lib");
const from = join(root, ".types", "lib");
const to = join(root, "dist");
if (!existsSync(from)) {
  process.stderr.write(`declarations: nothing in ${from}: run tsc with --declaration --outDir .types first (npm run typecheck does)\n`);
  process.exit(2);
}
// Run on its own after a fresh clone: the JavaScript first (nothing reads a dist/ that is not there).
if (!existsSync(to)) require("./compile.js");

let copied = 0;
function copy(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const rel = relative(from, path);
    if (statSync(path).isDirectory()) copy(path);
    else if (name.endsWith(".d.ts") && existsSync(join(lib, rel.replace(/\.d\.ts$/, ".ts")))) {
      cpSync(path, join(to, rel));
      copied += 1;
    }
  }
}
copy(from);
process.stdout.write(`copied ${copied} declarations to dist/\n`);
