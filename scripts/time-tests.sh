#!/usr/bin/env bash
# npm run time:tests [-- RUNS]: times `npm test` and `npm run test:fast` RUNS times each (default 3)
# on this machine and prints each run and the median, for the budgets in the README. Run it on a
# quiet machine: the suite is CPU-bound, and anything else running shows in the figures.
set -euo pipefail
runs="${1:-3}"
export CHECKPOINT_DISABLE=1 AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true CI=true
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
for script in test test:fast; do
  times=()
  for i in $(seq 1 "$runs"); do
    start=$(date +%s.%N)
    npm run --silent "$script" >/tmp/time-tests.$$.log 2>&1 || { echo "npm run $script failed (run $i):"; tail -30 /tmp/time-tests.$$.log; exit 1; }
    end=$(date +%s.%N)
    t=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", e - s }')
    times+=("$t")
    echo "npm run $script, run $i: $t s"
  done
  echo "npm run $script: median $(printf '%s\n' "${times[@]}" | median) s over $runs runs"
done
rm -f /tmp/time-tests.$$.log
