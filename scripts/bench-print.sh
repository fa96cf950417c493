#!/usr/bin/env bash
# bench-print.sh: the whole `referable print` process, as a user runs it,
# on the jobs issue 6 sets goals for: 1,000 and 10,000 flat cards 4 per
# Letter page in a handwriting font, and 1,000 quarter-fold cards, names
# from the database, cards logged as sent. Prints the median of five
# runs' wall time, peak resident memory and output size per page.
#
#   scripts/bench-print.sh [BINARY]      (default: ./bin/referable)
#
# Needs GNU time (/usr/bin/time). Builds the sample databases in a
# temporary folder; each run starts from a fresh copy, so logging the
# cards as sent is measured too.
set -euo pipefail
bin=${1:-./bin/referable}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export LANG=C.UTF-8

printf '%-22s %7s %9s %9s %7s %10s\n' job cards seconds "peak MB" pages "KB/page"
for job in "flat-letter-4up 1000" "flat-letter-4up 10000" "quarter-fold-letter 1000"; do
  set -- $job
  layout=$1 n=$2
  [ -s "$dir/$n.db" ] || "$bin" --db "$dir/$n.db" demo --contacts "$n" >/dev/null 2>&1
  times=() mems=()
  for run in 1 2 3 4 5; do
    cp "$dir/$n.db" "$dir/run.db"
    /usr/bin/time -f '%e %M' -o "$dir/time" "$bin" --db "$dir/run.db" print --template thank-you-referral \
      --layout "$layout" --font Caveat --to all --include-do-not-contact --allow-empty-fields -o "$dir/out.pdf" >"$dir/said" 2>/dev/null
    read -r secs kb <"$dir/time"
    times+=("$secs") mems+=("$kb")
  done
  median() { printf '%s\n' "$@" | sort -n | sed -n 3p; }
  pages=$(sed -n 's/.* on \([0-9]*\) pages* to .*/\1/p' "$dir/said")
  bytes=$(stat -c %s "$dir/out.pdf")
  printf '%-22s %7d %9s %9d %7d %10.1f\n' "$layout" "$n" "$(median "${times[@]}")" $(($(median "${mems[@]}") / 1024)) "$pages" \
    "$(echo "$bytes / $pages / 1024" | bc -l)"
done
