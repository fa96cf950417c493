#!/usr/bin/env bash
# Fuzz every parser of what people type or import for DURATION each (Go
# fuzzing, one worker so the machine stays usable) and write the figures
# to docs/fuzzing.md. The targets are listed once, in scripts/fuzz-targets.
#
#   scripts/fuzz-all.sh [DURATION] [OUT.md]     e.g. scripts/fuzz-all.sh 10m
#   scripts/fuzz-all.sh brief                   each for the inputs the list
#                                               gives (make test; no figures)
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10m}
out=${2:-docs/fuzzing.md}
tags=${TAGS:-migrated_fynedo ci}
targets=()
while read -r pkg name brief; do
  [[ -z "$pkg" || "$pkg" == \#* ]] && continue
  targets+=("$pkg $name $brief")
done <scripts/fuzz-targets

if [[ "$duration" == brief ]]; then
  # Bounded by executions: a time bound can end with a spurious "context
  # deadline exceeded" from go test.
  for t in "${targets[@]}"; do
    set -- $t
    echo "fuzz $2 ($1), $3" >&2
    go test -tags "$tags" -run '^$' -fuzz "^$2\$" -fuzztime "$3" "$1"
  done
  exit 0
fi
rows=()
failed=0
for t in "${targets[@]}"; do
  set -- $t
  log=$(mktemp)
  start=$(date +%s)
  if go test -tags "$tags" -run '^$' -fuzz "^$2\$" -fuzztime "$duration" -parallel 1 "$1" >"$log" 2>&1; then result=passed; else result="FAILED (see testdata/fuzz)"; failed=1; fi
  secs=$(( $(date +%s) - start ))
  execs=$(grep -o 'execs: [0-9]*' "$log" | tail -1 | awk '{print $2}')
  interesting=$(grep -o 'total: [0-9]*' "$log" | tail -1 | awk '{print $2}')
  echo "$2 ($1): $result, ${execs:-0} inputs in ${secs}s" >&2
  rows+=("| \`$2\` | \`$1\` | ${secs} s | ${execs:-0} | ${interesting:-0} | $result |")
  rm -f "$log"
done
{
  echo "# Fuzzing"
  echo
  echo "Every parser of what people type or import, fuzzed with Go's fuzzer for"
  echo "$duration each on one worker of this project's 2-core machine"
  echo "(\`scripts/fuzz-all.sh $duration\`, $(date -u +%Y-%m-%d)). \`make test\` runs each briefly."
  echo
  echo "| Target | Package | Time | Inputs tried | Corpus | Result |"
  echo "| --- | --- | --- | --- | --- | --- |"
  printf '%s\n' "${rows[@]}"
} >"$out"
exit $failed
