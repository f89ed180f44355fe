#!/usr/bin/env node
// Compiles lib/**/*.ts to dist/ (CommonJS, ES2022, source maps) with swc: about a second, so npm ci
// (prepare) and npm test keep dist/ current. Type checking is tsc's job (npm test, npm run build).
const { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } = require("node:fs");
const { dirname, join, relative } = require("node:path");
const { transformFileSync } = require("@swc/core");

const root = join(__dirname, "..");
const src = join(root, "lib");
const out = join(root, "dist");

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") && !path.endsWith(".d.ts") ? [path] : [];
  });
}

rmSync(out, { recursive: true, force: true });
const started = performance.now();
let count = 0;
for (const file of files(src)) {
  const target = join(out, relative(src, file)).replace(/\.ts$/, ".js");
  const { code, map } = transformFileSync(file, {
    jsc: { parser: { syntax: "typescript" }, target: "es2022" },
    module: { type: "commonjs" },
    sourceMaps: true,
    sourceFileName: relative(dirname(target), file),
  });
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, `${code}\n//# sourceMappingURL=${relative(dirname(target), target)}.map\n`);
  writeFileSync(`${target}.map`, map);
  count += 1;
}
process.stdout.write(`compiled ${count} files to dist/ in ${Math.round(performance.now() - started)} ms\n`);
