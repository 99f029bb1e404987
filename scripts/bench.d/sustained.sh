#!/usr/bin/env bash
# Sustained metering end to end (issue 13): NDJSON ingest at a fixed SUSTAINED_BENCH_RATE pulses/s for
# SUSTAINED_BENCH_SECONDS into one Lifeline (all roles, 5 s windows, 1 s grace), while the meter's consumer
# lag and each FINAL's delay after its window's close are measured; then the billed totals against what the
# edge accepted. Empties the metering topics first (the broker is the bench's own), so the meter reads only
# this run's pulses; it runs last of the parts for that reason.
set -euo pipefail
. "$ROOT/scripts/lib/common.sh"
. "$ROOT/scripts/lib/bench-targets.sh"
PORT="${SUSTAINED_BENCH_PORT:-18087}"
RATE="${SUSTAINED_BENCH_RATE:-100000}"
SECONDS_RUN="${SUSTAINED_BENCH_SECONDS:-60}"
WORK="$BENCH_WORK/sustained"
APP=bench-sustained
mkdir -p "$WORK"
SERVER=""
trap '[ -n "$SERVER" ] && stop_pid "$SERVER" "the sustained bench server" 60' EXIT
tool() { java -Xmx768m -cp "$TOOLS_CP" io.lifeline.tools.SustainedBench --bootstrap "$KAFKA_BOOTSTRAP_SERVERS" "$@"; }

tool --prepare > "$WORK/prepare.log" 2>&1 || die "could not empty the metering topics; see $WORK/prepare.log"
HTTP_PORT=$PORT DATA_DIR="$WORK/data" APPLICATION_ID=$APP LOG_FORMAT=text INGEST_RATE_LIMIT=0 \
  METERING_WINDOW=PT5S METERING_GRACE=PT1S java ${JAVA_OPTS:--Xms256m -Xmx1g} -jar "$SERVER_JAR" > "$WORK/server.log" 2>&1 &
SERVER=$!
await_ready "$PORT" "$SERVER" "$WORK/server.log"
say "sustained bench: $RATE pulses/s for $SECONDS_RUN s"
OUT=$(tool --port "$PORT" --application-id "$APP" --rate "$RATE" --duration "PT${SECONDS_RUN}S" --window PT5S \
  --grace PT1S 2> "$WORK/bench.log" | grep '^pulses=' | tail -1)
say "$OUT"
field() { echo "$OUT" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
target_row 2 "sustained NDJSON at $RATE pulses/s for $SECONDS_RUN s" \
  "accepted $(field pulses_per_s)/s, $(field failed) failed; meter lag up to $(field lag_max_s) s of input; FINAL p50 $(field final_p50_ms) ms, p99 $(field final_p99_ms) ms after the close; totals exact: $(field exact), every window final $(field settled_s) s after the load ended" \
  "lag < 2 s, every FINAL within 5 s, totals exact" \
  "$(both "$(both "$(at_most "$(field lag_max_s)" 1.999)" "$(at_most "$(field final_over_5s)" 0)")" \
    "$([ "$(field exact)" = yes ] && echo yes || echo no)")"

echo "### Sustained metering, end to end"
echo
echo "| what | measured | target | note |"
echo "|---|---|---|---|"
echo "| NDJSON ingest at a fixed $RATE pulses/s for $SECONDS_RUN s (1,000 per request, 8 connections) | $(field pulses_per_s) pulses/s accepted, $(field pulses) in all | 100,000/s | failed requests: $(field failed); p99 per request $(field request_p99_ms) ms from its scheduled send; edge, meter, monitor and broker on the same two cores |"
echo "| consumer lag of the metering app (metering.pulses end offsets less its committed offsets, every 250 ms) | at most $(field lag_max) pulses, $(field lag_max_s) s of input | under 2 s of input | $(field lag_samples) samples; exactly-once commits every second, so the committed offsets trail by up to a second of input even when the meter keeps up |"
echo "| every window FINAL within 5 s of its close (end + grace), as a read_committed consumer sees it | p50 $(field final_p50_ms) ms, p99 $(field final_p99_ms) ms, max $(field final_max_ms) ms after the close; $(field final_over_5s) of $(field windows) later than 5 s | within 5 s | 5 s windows, 1 s grace, $(field series) series |"
echo "| totals | exact: $(field exact) | to the last digit | FINAL + CORRECTION per series against the sum of the pulses in the accepted requests, once every window was final ($(field settled_s) s after the load ended; -1: not within twice the meter's largest lag); $(field corrections) CORRECTION batches |"
echo
