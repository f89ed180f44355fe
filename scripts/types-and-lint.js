#!/usr/bin/env node
// Type-checks everything (lib, tests, tools, scripts: tsconfig.json), writes lib's declarations into
// .types/, and runs eslint with its type-aware rules, all from one TypeScript program. `tsc` and
// `eslint .` each build that program for themselves: one after the other they cost about 68
// CPU-seconds from nothing (51 with tsc's incremental state), this about 40, on the 2-core machine.
// npm test and npm run checks run it; `npm run typecheck` and `npm run lint` stay as they were.
// Exit 1 on a type error or a lint error (both listed, as tsc and eslint list them), 2 on a broken setup.
const ts = require("typescript");
const { ESLint } = require("eslint");
const { join } = require("node:path");

const root = join(__dirname, "..");

async function main() {
  const host = {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      process.stderr.write(`tsconfig.json: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}\n`);
      process.exit(2);
    },
  };
  // As `npm run typecheck` runs tsc: declarations only, into .types/ (scripts/declarations.js copies lib's into dist/).
  const config = ts.getParsedCommandLineOfConfigFile(
    join(root, "tsconfig.json"),
    { noEmit: false, declaration: true, emitDeclarationOnly: true, outDir: join(root, ".types"), incremental: false, tsBuildInfoFile: undefined },
    host,
  );
  const program = ts.createProgram({
    rootNames: config.fileNames,
    options: config.options,
    projectReferences: config.projectReferences,
    configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(config),
  });
  const diagnostics = ts.sortAndDeduplicateDiagnostics([...ts.getPreEmitDiagnostics(program), ...program.emit().diagnostics]);
  if (diagnostics.length > 0) {
    const format = process.stdout.isTTY ? ts.formatDiagnosticsWithColorAndContext : ts.formatDiagnostics;
    process.stdout.write(format(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => "\n" }));
  }

  // The same program gives eslint its types (parserOptions.programs, instead of parserOptions.project).
  const eslint = new ESLint({ cwd: root, overrideConfig: { files: ["**/*.ts"], languageOptions: { parserOptions: { project: null, programs: [program] } } } });
  const results = await eslint.lintFiles(["."]);
  const report = await (await eslint.loadFormatter("stylish")).format(results);
  if (report) process.stdout.write(report);

  const typeErrors = diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error).length;
  const lintErrors = results.reduce((n, r) => n + r.errorCount + r.fatalErrorCount, 0);
  const files = results.length;
  process.stdout.write(
    `types and lint: ${config.fileNames.length} TypeScript files checked (${typeErrors} type error${typeErrors === 1 ? "" : "s"}), ${files} files linted (${lintErrors} error${lintErrors === 1 ? "" : "s"})\n`,
  );
  if (typeErrors > 0 || lintErrors > 0) process.exitCode = 1;
}

main().catch((error) => {
  process.stderr.write(`types and lint: ${error.stack ?? error}\n`);
  process.exit(2);
});
