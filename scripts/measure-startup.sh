#!/usr/bin/env bash
# measure-startup.sh: time from launch to the first window on screen, and
# resident memory after start-up, for the app on a 100,000-contact
# database, under a virtual X display.
#
#   scripts/measure-startup.sh [BINARY]      (default: ./bin/referable)
#   DB=other.db scripts/measure-startup.sh   (measure another database)
#
# Needs Xvfb and xdotool (Debian: xvfb xdotool). Builds the sample
# database once in $TMPDIR.
set -euo pipefail
bin=${1:-./bin/referable}
db=${DB:-${TMPDIR:-/tmp}/referable-100k.db}
if [ ! -s "$db" ]; then
  "$bin" --db "$db" demo --contacts 100000
fi
disp=:$((200 + RANDOM % 100))
Xvfb "$disp" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $app $xvfb 2>/dev/null || true' EXIT
sleep 1
export DISPLAY=$disp
start=$(date +%s.%N)
LANG=C.UTF-8 "$bin" --db "$db" >/dev/null 2>&1 &
app=$!
until xdotool search --onlyvisible --name '^Referable$' >/dev/null 2>&1; do
  kill -0 "$app" 2>/dev/null || { echo "the app exited" >&2; exit 1; }
  sleep 0.02
done
shown=$(date +%s.%N)
sleep 3 # let it settle: first frame drawn, list filled
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$app/status")
printf 'window on screen: %.2f s\nresident memory: %d MB\n' "$(echo "$shown - $start" | bc)" "$((rss_kb / 1024))"
