#!/usr/bin/env bash
# npm test: lint, types and every test, side by side on the machine's cores (they are CPU-bound,
# and one after the other left a core idle while lint and tsc ran before jest).
#   1. swc compiles lib/ to dist/*.js (about a second): the CLI tests run the compiled executable.
#   2. Then at once, each failure stopping the rest:
#      - format: prettier --check;
#      - types+lint (npm run types-and-lint, which npm run checks runs too): one TypeScript program
#        (scripts/types-and-lint.js) type-checks everything (lib, tests, tools, scripts), writes lib's
#        declarations and gives eslint its type-aware rules; then the cdktn entry; then the package
#        test (the one test that needs both);
#      - jest: every other test, in three workers on the two cores: a third of the files wait more than
#        they compute (the CLI against the fake at its latency, the SDK's retry back-off, timeouts and
#        signals), and with two workers, once types and lint were done, a core stood idle for about
#        14 s of each run (vmstat; 28 idle core-seconds with two workers, 4 with three).
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
  "npm run --silent types-and-lint && npx jest __tests__/package.test.ts" \
  "npx jest --maxWorkers=3 --testPathIgnorePatterns=/__tests__/package\\.test\\.ts\$"
