#!/usr/bin/env bash
# Counts terraform runs and AWS provider starts made by the given jest files (deterministic, unlike
# wall time on a shared machine), and times each file run on its own, one after the other.
#   scripts/count-terraform.sh __tests__/deploy.test.ts __tests__/deploy-lifecycle.test.ts
# A wrapper terraform on PATH and a wrapper provider in a copy of the mirror log each start.
set -euo pipefail
cd "$(dirname "$0")/.."
real_tf=$(command -v terraform)
mirror=${ROOT_ACCESS_TF_MIRROR:-/opt/tf-plugins}
work=$(mktemp -d "${TMPDIR:-/tmp}/ra-count-XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin"
log="$work/starts.log"
: >"$log"
printf '#!/bin/sh\necho "terraform $1" >>%q\nexec %q "$@"\n' "$log" "$real_tf" >"$work/bin/terraform"
chmod +x "$work/bin/terraform"
for versions in "$mirror"/registry.terraform.io/hashicorp/aws/*/*; do
  rel=${versions#"$mirror"/}
  mkdir -p "$work/mirror/$rel"
  for bin in "$versions"/*; do
    name=$(basename "$bin")
    if [ -x "$bin" ] && [[ $name == terraform-provider-* ]]; then
      printf '#!/bin/sh\necho provider >>%q\nexec %q "$@"\n' "$log" "$bin" >"$work/mirror/$rel/$name"
      chmod +x "$work/mirror/$rel/$name"
    else
      ln -s "$bin" "$work/mirror/$rel/$name"
    fi
  done
done
printf '%-40s %8s %8s %10s %10s\n' file seconds cpu-s terraform provider
for file in "$@"; do
  : >"$log"
  start=$(date +%s.%N)
  status=passed
  # CPU seconds (user + system) of jest and every process it waited for: steadier than wall time under load.
  PATH="$work/bin:$PATH" ROOT_ACCESS_TF_MIRROR="$work/mirror" /usr/bin/time -f "%U %S" -o "$work/cpu" npx jest "$file" >"$work/jest.out" 2>&1 || status=FAILED
  end=$(date +%s.%N)
  tf_runs=$(grep -c '^terraform' "$log" || true)
  p_runs=$(grep -c '^provider$' "$log" || true)
  cpu=$(tail -1 "$work/cpu" | awk '{ print $1 + $2 }')
  printf '%-40s %8.1f %8.1f %10d %10d %s\n' "$file" "$(echo "$end - $start" | bc)" "$cpu" "$tf_runs" "$p_runs" "$status"
  # COUNT_DETAIL=1: which terraform subcommands ran, and how often.
  [ -z "${COUNT_DETAIL:-}" ] || grep '^terraform' "$log" | sort | uniq -c | sed 's/^/    /'
  [ "$status" = passed ] || tail -40 "$work/jest.out"
done
