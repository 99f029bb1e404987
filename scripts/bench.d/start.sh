#!/usr/bin/env bash
# Time from `scripts/start` to /health/ready on a warm machine (built, broker data present), with its own broker;
# then the time to stop it with INT, started in the background as a script would (SIGINT ignored on entry).
set -euo pipefail
. "$ROOT/scripts/lib/common.sh"
. "$ROOT/scripts/lib/bench-targets.sh"
runs=3
times=()
restored=()
stops=()
escapes=0
data="$BENCH_WORK/start-data"
for i in $(seq 1 $runs); do
  log="$BENCH_WORK/start-$i.log"
  DATA_DIR="$data" KAFKA_PORT=29192 KAFKA_CONTROLLER_PORT=29193 HTTP_PORT=18090 KAFKA_BOOTSTRAP_SERVERS= \
    setsid "$ROOT/scripts/start" > "$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do grep -q "ready in" "$log" && break; kill -0 $pid 2>/dev/null || break; sleep 0.1; done
  t=$(sed -n 's/.*ready in \([0-9.]*\)s.*/\1/p' "$log")
  stopping=$(date +%s.%N)
  kill -INT $pid 2>/dev/null || true
  for _ in $(seq 1 600); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
  if kill -0 $pid 2>/dev/null; then
    stops+=("no-stop")
    kill -TERM $pid 2>/dev/null || true
  else
    stops+=("$(awk -v s="$stopping" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')")
  fi
  wait $pid 2>/dev/null || true
  times+=("${t:-failed}")
  restored+=("$(sed -n 's/.*: restored \([0-9]*\) records of .*/\1/p' "$log" | awk '{ s += $1 } END { print s + 0 }')")
  escapes=$((escapes + $(grep -c $'\e' "$log" || true)))
done
slowest=$(printf '%s\n' "${times[@]}" | awk '!/^[0-9.]+$/ { bad = 1 } $1 > m { m = $1 } END { print bad ? "failed" : m }')
warm_restored=$(printf '%s\n' "${restored[@]:1}" | awk '{ s += $1 } END { print s + 0 }')
target_row 7 "\`scripts/start\` ready, warm, after a clean stop" "${times[*]} s; records restored: ${restored[*]}" \
  "≤ 10 s, nothing restored" "$(both "$(at_most "$slowest" 10)" "$(at_most "$warm_restored" 0)")"
echo "### Start"
echo
echo "| what | measured | target | note |"
echo "|---|---|---|---|"
echo "| \`scripts/start\` to ready (broker + server), warm, after a clean stop | ${times[*]} s | ≤ 10 s, with no state restored | $runs runs; the first formats a new broker, later ones reuse its data; records restored from changelogs at each start: ${restored[*]} |"
echo "| INT to a \`scripts/start\` started in the background, to both stopped | ${stops[*]} s | ≤ 10 s | the same runs; ANSI escapes in its output (not a terminal): $escapes |"
echo
