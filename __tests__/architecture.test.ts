// The layer rules of lib/ (ARCHITECTURE.md), checked on the imports of every file.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const LIB = join(__dirname, "..", "lib");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });
}

interface Import {
  readonly from: string;
  readonly spec: string;
  /** `import type`: erased at run time, but still a design dependency. */
  readonly typeOnly: boolean;
  /** The lib/ file it resolves to, for relative imports. */
  readonly target?: string;
}

function resolveLib(from: string, spec: string): string | undefined {
  if (!spec.startsWith(".")) return undefined;
  const base = resolve(dirname(from), spec);
  for (const candidate of [`${base}.ts`, join(base, "index.ts")]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // try the next form
    }
  }
  return undefined;
}

/** Static imports, re-exports, dynamic import() and require() of every lib/ file. */
function importsOf(file: string): Import[] {
  const text = readFileSync(file, "utf8");
  const found: Import[] = [];
  const patterns: [RegExp, boolean | "capture"][] = [
    [/^\s*import\s+(type\s+)?[^;]*?from\s+"([^"]+)"/gms, "capture"],
    [/^\s*export\s+(type\s+)?[^;]*?from\s+"([^"]+)"/gms, "capture"],
    [/\b(?:require|import)\(\s*"([^"]+)"\s*\)/g, false],
  ];
  for (const [re, mode] of patterns) {
    for (const m of text.matchAll(re)) {
      const spec = mode === "capture" ? m[2] : m[1];
      const typeOnly = mode === "capture" ? Boolean(m[1]) : false;
      found.push({ from: file, spec, typeOnly, target: resolveLib(file, spec) });
    }
  }
  return found;
}

const all = files(LIB).map((f) => ({ file: f, imports: importsOf(f) }));
const rel = (f: string) => relative(LIB, f);
const under = (f: string, folder: string) => rel(f).startsWith(`${folder}/`);

function violations(folder: string, forbidden: (imp: Import) => boolean): string[] {
  return all.filter((f) => under(f.file, folder)).flatMap((f) => f.imports.filter(forbidden).map((i) => `${rel(f.file)} imports ${i.spec}`));
}

describe("layer rules of lib/", () => {
  it("reads the imports it checks (a sanity check of this test itself)", () => {
    const main = all.find((f) => rel(f.file) === "cli/main.ts");
    expect(main?.imports.map((i) => i.spec)).toContain("commander");
    expect(all.length).toBeGreaterThan(40);
  });

  it("lets only lib/aws import the AWS SDK", () => {
    const outside = all
      .filter((f) => !under(f.file, "aws"))
      .flatMap((f) => f.imports.filter((i) => i.spec.startsWith("@aws-sdk/") && !i.typeOnly).map((i) => `${rel(f.file)} imports ${i.spec}`));
    expect(outside).toEqual([]);
  });

  it("keeps the domain free of the CLI, the AWS layer and the file system", () => {
    const bad = violations(
      "domain",
      (i) =>
        /^(node:)?(fs|fs\/promises|child_process)$/.test(i.spec) ||
        /^@aws-sdk\//.test(i.spec) ||
        Boolean(i.target && (under(i.target, "cli") || under(i.target, "aws"))),
    );
    expect(bad).toEqual([]);
  });

  it("keeps constructs and stacks free of the CLI, the domain and the AWS layer", () => {
    for (const folder of ["constructs", "stacks", "config"]) {
      expect(violations(folder, (i) => Boolean(i.target && (under(i.target, "cli") || under(i.target, "domain") || under(i.target, "aws"))))).toEqual([]);
    }
  });

  it("keeps the AWS layer free of the CLI and of domain logic (it may use the domain's port types)", () => {
    expect(
      violations("aws", (i) =>
        Boolean(i.target && (under(i.target, "cli") || (under(i.target, "domain") && !(rel(i.target) === "domain/ports.ts" && i.typeOnly)))),
      ),
    ).toEqual([]);
  });

  it("has no import cycles (type-only imports included)", () => {
    const graph = new Map(all.map((f) => [f.file, f.imports.flatMap((i) => (i.target ? [i.target] : []))]));
    const cycles: string[] = [];
    const state = new Map<string, "visiting" | "done">();
    const stack: string[] = [];
    const visit = (node: string) => {
      state.set(node, "visiting");
      stack.push(node);
      for (const next of graph.get(node) ?? []) {
        if (state.get(next) === "visiting") cycles.push([...stack.slice(stack.indexOf(next)), next].map(rel).join(" -> "));
        else if (!state.has(next)) visit(next);
      }
      stack.pop();
      state.set(node, "done");
    };
    for (const node of graph.keys()) if (!state.has(node)) visit(node);
    expect(cycles).toEqual([]);
  });

  it("imports @cdktf/provider-aws per resource, never its index", () => {
    const bad = all.flatMap((f) =>
      f.imports.filter((i) => i.spec === "@cdktf/provider-aws" || i.spec === "@cdktf/provider-aws/lib").map((i) => `${rel(f.file)} imports ${i.spec}`),
    );
    expect(bad).toEqual([]);
  });

  it("keeps the constructs' rule files pure: the config schema loads them without cdktf", () => {
    const rules = all.filter((f) => rel(f.file).startsWith("constructs/") && f.file.endsWith("-rules.ts"));
    expect(rules.map((f) => rel(f.file)).sort()).toEqual(["constructs/root-access-guardrails-rules.ts", "constructs/root-access-management-rules.ts"]);
    const impure = rules.flatMap((f) =>
      f.imports.filter((i) => !["validations.ts", "aws-constants.ts"].includes(rel(i.target ?? i.spec))).map((i) => `${rel(f.file)} imports ${i.spec}`),
    );
    expect(impure).toEqual([]);
  });
});

describe("the local AWS fake (tools/fake-aws)", () => {
  it("has no import cycles (the handlers' shared types live in context.ts, not in server.ts)", () => {
    const dir = join(__dirname, "..", "tools", "fake-aws");
    const graph = new Map(
      readdirSync(dir)
        .filter((f) => f.endsWith(".ts"))
        .map((f) => [f, [...readFileSync(join(dir, f), "utf8").matchAll(/from "\.\/([\w-]+)"/g)].map((m) => `${m[1]}.ts`)]),
    );
    const cycles: string[] = [];
    const state = new Map<string, "visiting" | "done">();
    const stack: string[] = [];
    const visit = (node: string) => {
      state.set(node, "visiting");
      stack.push(node);
      for (const next of graph.get(node) ?? []) {
        if (state.get(next) === "visiting") cycles.push([...stack.slice(stack.indexOf(next)), next].join(" -> "));
        else if (!state.has(next)) visit(next);
      }
      stack.pop();
      state.set(node, "done");
    };
    for (const node of graph.keys()) if (!state.has(node)) visit(node);
    expect(graph.get("iam.ts")).toContain("context.ts");
    expect(cycles).toEqual([]);
  });
});

describe("start-up of the compiled CLI", () => {
  const main = join(__dirname, "..", "dist", "cli", "main.js");

  it("loads neither the AWS SDK, the config schema (zod) nor cdktf for --help (commands load what they use when they run)", () => {
    expect(existsSync(main)).toBe(true); // npm test compiles dist/ first (npm run compile)
    const loaded: string[] = JSON.parse(
      execFileSync(process.execPath, ["-e", `require(${JSON.stringify(main)}); process.stdout.write(JSON.stringify(Object.keys(require.cache)))`], {
        encoding: "utf8",
      }),
    );
    const heavy = loaded.filter((f) => /node_modules\/(@aws-sdk|zod|cdktf|@cdktf|cli-table3|jsonc-parser)\//.test(f));
    expect(heavy).toEqual([]);
    expect(loaded.some((f) => f.includes("node_modules/commander/"))).toBe(true);
  });
});

describe("the test run's temporary files", () => {
  // Read when the file loads, as the support modules read it.
  const { OWN_ENV } = require("./support/terraform") as typeof import("./support/terraform");
  it("go into one folder per run (global-setup.ts), which the CLI, terraform and cdktf the tests start see too", () => {
    const dir = process.env.ROOT_ACCESS_TEST_TMP;
    expect(dir).toMatch(/\/ra-jest-[^/]+$/);
    expect(require("node:os").tmpdir()).toBe(dir);
    expect(OWN_ENV.TMPDIR).toBe(dir);
  });
});
