#!/usr/bin/env node
// Generates the CDK Terrain entry (dist/cdktn/, `cdktf-root-access/cdktn`) from the compiled cdktf
// one: the construct library (dist/library.js and what it requires) with its imports renamed:
// cdktf -> cdktn, @cdktf/provider-aws -> @cdktn/provider-aws, and our hand-written
// aws_organizations_aws_service_access binding -> the prebuilt one. A rename, not a fork: run after
// `npm run compile` has written dist/ (js and .d.ts).
const { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } = require("node:fs");
const { dirname, join, relative, resolve } = require("node:path");

const dist = join(__dirname, "..", "dist");
const out = join(dist, "cdktn");
const ENTRY = join(dist, "library.js");
/** Modules replaced by the framework's own, by their path in dist/ (without extension). */
const REPLACED = { "constructs/organizations-aws-service-access": "@cdktn/provider-aws/lib/organizations-aws-service-access" };

/** Renames the framework's packages in one module's text (compiled JS or a declaration file). */
function rename(text, from) {
  return text.replace(/((?:require\(|from |import\()\s*)(["'])([^"']+)\2/g, (whole, lead, quote, spec) => {
    let target = spec;
    if (spec === "cdktf") target = "cdktn";
    else if (spec.startsWith("@cdktf/provider-aws/")) target = `@cdktn/provider-aws/${spec.slice("@cdktf/provider-aws/".length)}`;
    else if (spec.startsWith(".")) {
      const key = relative(dist, resolve(dirname(from), spec)).replace(/\\/g, "/");
      if (REPLACED[key]) target = REPLACED[key];
    }
    return `${lead}${quote}${target}${quote}`;
  });
}

/** dist/ files the entry requires, transitively, except those replaced. */
function closure(entry) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const m of readFileSync(file, "utf8").matchAll(/require\((["'])(\.[^"']+)\1\)/g)) {
      const target = resolve(dirname(file), m[2]);
      if (REPLACED[relative(dist, target).replace(/\\/g, "/")]) continue;
      visit(existsSync(`${target}.js`) ? `${target}.js` : join(target, "index.js"));
    }
  };
  visit(entry);
  return [...seen];
}

rmSync(out, { recursive: true, force: true });
const files = closure(ENTRY);
for (const file of files) {
  const target = join(out, relative(dist, file));
  mkdirSync(dirname(target), { recursive: true });
  const js = rename(readFileSync(file, "utf8"), file).replace(/\n\/\/# sourceMappingURL=.*\n?$/, "\n");
  if (/require\(["'](cdktf|@cdktf\/)/.test(js)) throw new Error(`${relative(dist, file)} still requires cdktf after the rename`);
  writeFileSync(target, js);
  const declarations = file.replace(/\.js$/, ".d.ts");
  if (existsSync(declarations)) writeFileSync(target.replace(/\.js$/, ".d.ts"), rename(readFileSync(declarations, "utf8"), declarations));
}
process.stdout.write(`generated the cdktn entry: ${files.length} files in dist/cdktn/\n`);
