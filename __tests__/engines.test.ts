// npm ci on Node 20 warns EBADENGINE for no package: what ships admits the package's own engines
// (>= 20.9), and the development tools admit Node 20.19 (eslint 10's floor), none needs Node 22.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./support/cli";

// semver comes with npm's own tree (no types installed): only its one function is used.
const { satisfies } = require("semver") as { satisfies(version: string, range: string): boolean };
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8"));
const engine = (name: string): string | undefined => lock.packages[`node_modules/${name}`]?.engines?.node;

describe("engines", () => {
  it("the package says >= 20.9", () => expect(pkg.engines.node).toBe(">=20.9"));

  it.each(Object.keys(pkg.dependencies))("dependency %s admits Node 20.9", (name) => {
    const range = engine(name);
    if (range) expect([name, satisfies("20.9.0", range)]).toEqual([name, true]);
  });

  // CDK Terrain's packages (the cdktn entry's peers, dev dependencies for its package test) declare
  // Node >= 22.11 and are the one EBADENGINE warning npm ci gives on Node 20; the cdktf entry, the
  // CLI and every tool run on 20 (the package test uses cdktn on Node 20 too).
  const CDKTN = new Set(["cdktn", "@cdktn/provider-aws"]);

  it.each(Object.keys(pkg.devDependencies).filter((name) => !CDKTN.has(name)))("development tool %s admits Node 20.19", (name) => {
    const range = engine(name);
    if (range) expect([name, range, satisfies("20.19.0", range)]).toEqual([name, range, true]);
  });
});
