#!/usr/bin/env node
// Copies lib's declarations from .types/ (written by the one tsc of `npm run typecheck`, which checks
// lib, tests, tools and scripts together) into dist/ beside the JavaScript swc compiled. The same
// files `npm run compile` writes with its own tsc (checked equal by `diff -r`), without checking
// lib a second time.
const { cpSync, existsSync } = require("node:fs");
const { join } = require("node:path");

const root = join(__dirname, "..");
const from = join(root, ".types", "lib");
const to = join(root, "dist");
if (!existsSync(from)) throw new Error(`no declarations in ${from}: run tsc with --declaration --outDir .types first (npm run typecheck)`);
if (!existsSync(to)) throw new Error(`no ${to}: compile lib/ first (node scripts/compile.js)`);
cpSync(from, to, { recursive: true });
