#!/usr/bin/env bash
# bench-table.sh: run every benchmark of the project — the Go benchmarks,
# the print script and the start-up measure — and write the figures with
# their goals to docs/benchmarks.md. `make bench` runs it.
#
#   scripts/bench-table.sh [BINARY] [OUT.md]
#
# The 100,000-contact benchmarks each build their sample database, so a
# whole run takes a few minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-./bin/referable}
out=${2:-docs/benchmarks.md}
tags="migrated_fynedo ci"
log=$(mktemp)
trap 'rm -f "$log"' EXIT

bench() { # PACKAGE PATTERN BENCHTIME
  go test -tags "$tags" -run '^$' -bench "$2" -benchtime "$3" -benchmem "$1" | tee -a "$log" >&2
}
bench ./data 'ContactSearch|ContactPage|ReferralTree|OpenFollowUps|Upcoming|MonthView' 40x
bench ./data 'Backup|QuickCheck|Restore$|ImportVCards|ExportVCard' 3x
bench ./data 'Demo100k' 1x
bench ./ui . 3x
# Sync against a local Radicale: REFERABLE_SYNC_BENCH_N contacts up and down
# (1,000 unless set; Radicale's uploads slow with the book's size, so 10,000
# take over an hour for any client) and a 10,000-card book
# (REFERABLE_SYNC_BENCH_BOOK).
bench ./app/davsync 'FirstSync' 1x
bench ./app/davsync 'IncrementalSync' 5x
print=$(scripts/bench-print.sh "$bin" | tee /dev/stderr)
startup=$(scripts/measure-startup.sh "$bin" | tee /dev/stderr)

# ns/op (or a metric named) of a benchmark, in the unit asked.
figure() { # NAME METRIC SCALE DECIMALS
  awk -v name="^Benchmark$1-" -v metric="$2" -v scale="$3" -v dec="$4" '
    $1 ~ name { for (i = 3; i < NF; i++) if ($(i+1) == metric) { printf "%.*f", dec, $i / scale; exit } }' "$log"
}
printjob() { # LAYOUT CARDS COLUMN (3 seconds, 4 peak MB, 6 KB/page)
  echo "$print" | awk -v l="$1" -v n="$2" -v c="$3" '$1 == l && $2 == n { print $c }'
}
row() { printf '| %s | %s | %s | %s |\n' "$1" "$2" "$3" "$4"; }

{
  echo "# Benchmarks"
  echo
  echo "Every performance goal of the project, measured by \`make bench\`"
  echo "(\`scripts/bench-table.sh\`) on $(nproc) cores, $(date -u +%Y-%m-%d). Databases hold the"
  echo "sample business of 100,000 contacts unless said otherwise."
  echo
  echo "| Figure | Goal | Measured | Benchmark |"
  echo "| --- | --- | --- | --- |"
  row "Search as you type: count + first page, per keystroke" "median < 5 ms" "median $(figure ContactSearch median-ms 1 1) ms, p95 $(figure ContactSearch p95-ms 1 1) ms" "\`BenchmarkContactSearch\` (data)"
  row "A page of 100 contacts anywhere in the list" "—" "$(figure ContactPage ns/op 1e6 1) ms" "\`BenchmarkContactPage\` (data)"
  row "Referral tree, 10,000 descendants over 6 generations" "< 50 ms" "$(figure ReferralTree ns/op 1e6 1) ms" "\`BenchmarkReferralTree\` (data)"
  row "Open follow-ups, count + first page (200,000 referrals)" "< 20 ms" "$(figure OpenFollowUps ns/op 1e6 1) ms" "\`BenchmarkOpenFollowUps\` (data)"
  row "Occasions in the next 60 days" "< 20 ms" "$(figure Upcoming ns/op 1e6 1) ms" "\`BenchmarkUpcoming\` (data)"
  row "Counting those occasions" "—" "$(figure CountUpcoming ns/op 1e6 1) ms" "\`BenchmarkCountUpcoming\` (data)"
  row "A month grid's occasions" "< 50 ms" "$(figure MonthView ns/op 1e6 1) ms" "\`BenchmarkMonthView\` (data)"
  row "Sample business of 100,000 contacts" "< 15 s" "$(figure Demo100k ns/op 1e9 1) s" "\`BenchmarkDemo100k\` (data)"
  row "Backup: VACUUM INTO, then the copy's integrity check" "< 2 s" "$(figure Backup ns/op 1e9 2) s" "\`BenchmarkBackup\` (data)"
  row "Quick check of the database (at start and daily)" "< 1 s" "$(figure QuickCheck ns/op 1e9 2) s" "\`BenchmarkQuickCheck\` (data)"
  row "Restore: stage, check every value, keep the current, rename" "< 10 s" "$(figure Restore ns/op 1e9 1) s" "\`BenchmarkRestore\` (data)"
  row "Import 10,000 vCards: read, check duplicates, save" "< 2 s" "$(figure ImportVCards ns/op 1e9 2) s" "\`BenchmarkImportVCards\` (data)"
  row "Export to vCard 4.0" "< 3 s" "$(figure ExportVCard ns/op 1e9 2) s" "\`BenchmarkExportVCard\` (data)"
  row "Sync: first sync of $(figure FirstSync contacts 1 0) contacts up to a local Radicale and down into an empty book, against a plain client (a loop of PUTs, one REPORT) in the same run" "≤ 2× the plain client" "$(figure FirstSync ratio 1 2)× ($(figure FirstSync referable-s 1 1) s against $(figure FirstSync plain-s 1 1) s)" "\`BenchmarkFirstSync\` (app/davsync)"
  row "Sync: first sync down of $(figure FirstSyncDown contacts 1 0) cards into an empty book, against one REPORT" "—" "$(figure FirstSyncDown referable-s 1 2) s against $(figure FirstSyncDown plain-s 1 2) s" "\`BenchmarkFirstSyncDown\` (app/davsync)"
  row "Sync: 10 changes on each side, 1,000-card address book; a plain client's 10 uploads and one sync-collection on it" "< 1 s" "$(figure 'IncrementalSync/book=1000' ns/op 1e9 2) s; plain $(figure 'IncrementalSync/book=1000' plain-s 1 2) s" "\`BenchmarkIncrementalSync\` (app/davsync)"
  row "The same, 10,000-card address book" "< 1 s" "$(figure 'IncrementalSync/book=10000' ns/op 1e9 2) s; plain $(figure 'IncrementalSync/book=10000' plain-s 1 2) s (Radicale reads the whole collection for each)" "\`BenchmarkIncrementalSync\` (app/davsync)"
  row "Build the whole window" "—" "$(figure OpenContacts ns/op 1e6 0) ms" "\`BenchmarkOpenContacts\` (ui)"
  row "Today's figures" "—" "$(figure TodayLoad ns/op 1e6 0) ms" "\`BenchmarkTodayLoad\` (ui)"
  row "\`referable print\`, 1,000 flat cards 4 per Letter page" "< 0.25 s" "$(printjob flat-letter-4up 1000 3) s, $(printjob flat-letter-4up 1000 4) MB" "\`scripts/bench-print.sh\`"
  row "\`referable print\`, 10,000 flat cards" "< 3 s, < 150 MB" "$(printjob flat-letter-4up 10000 3) s, $(printjob flat-letter-4up 10000 4) MB" "\`scripts/bench-print.sh\`"
  row "\`referable print\`, 1,000 quarter-fold cards" "< 0.5 s" "$(printjob quarter-fold-letter 1000 3) s" "\`scripts/bench-print.sh\`"
  row "Printed PDF size" "< 40 KB a page" "$(printjob flat-letter-4up 1000 6) KB (flat), $(printjob quarter-fold-letter 1000 6) KB (quarter-fold)" "\`scripts/bench-print.sh\`"
  row "Window on screen at start" "< 1 s" "$(echo "$startup" | sed -n 's/window on screen: //p')" "\`scripts/measure-startup.sh\`"
  row "Resident memory 3 s after start" "< 200 MB" "$(echo "$startup" | sed -n 's/resident memory: //p')" "\`scripts/measure-startup.sh\`"
} >"$out"
cat "$out"
