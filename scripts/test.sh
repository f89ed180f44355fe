#!/usr/bin/env bash
# npm test: lint, types and every test, side by side on the machine's cores (they are CPU-bound,
# and one after the other left a core idle while lint and tsc ran before jest).
#   1. swc compiles lib/ to dist/*.js (about a second): the CLI tests run the compiled executable.
#   2. Then at once, each failure stopping the rest:
#      - format: prettier --check;
#      - types+lint: one TypeScript program (scripts/types-and-lint.js) type-checks everything (lib,
#        tests, tools, scripts), writes lib's declarations and gives eslint its type-aware rules;
#        then the cdktn entry, then the package test (the one test that needs both);
#      - jest: every other test.
# With arguments (npm test -- FILE...), compiles everything, then runs jest on them alone.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$#" -gt 0 ]; then
  npm run --silent compile
  exec npx jest "$@"
fi
node scripts/compile.js
exec npx concurrently --group --kill-others-on-fail --names format,types+lint,jest \
  "npx prettier --check --cache --cache-strategy content ." \
  "node scripts/types-and-lint.js && node scripts/declarations.js && node scripts/make-cdktn.js && npx jest __tests__/package.test.ts" \
  "npx jest --testPathIgnorePatterns=/__tests__/package\\.test\\.ts\$"
