#!/usr/bin/env bash
# The slow-client flood of issue 9 against a real server with the default limits: 1,000 connections
# send one byte every 5 s (half a request head, half a pulse body) while a normal client pings and
# ingests 20 times a second each. Bar: the normal client's p99 under 100 ms, the slow ones cut off
# with 408.
set -euo pipefail
. "$ROOT/scripts/lib/common.sh"
PORT="${FLOOD_BENCH_PORT:-18086}"
WORK="$BENCH_WORK/flood"
KEY=flood-bench-key
mkdir -p "$WORK"
SERVER=""
trap '[ -n "$SERVER" ] && stop_pid "$SERVER" "the flood bench server" 60' EXIT

HTTP_PORT=$PORT DATA_DIR="$WORK/data" APPLICATION_ID=bench-flood LIFELINE_API_KEY=$KEY LOG_FORMAT=text \
  java ${JAVA_OPTS:--Xms256m -Xmx1g} -jar "$SERVER_JAR" > "$WORK/server.log" 2>&1 &
SERVER=$!
await_ready "$PORT" "$SERVER" "$WORK/server.log"
UUID=$(curl -fsS -X POST -H "X-Api-Key: $KEY" -d '{"name":"flood","timeout":3600}' \
  "http://127.0.0.1:$PORT/api/v3/checks/" | sed -n 's/.*"ping_url":"[^"]*\/ping\/\([0-9a-f-]*\)".*/\1/p')
[ -n "$UUID" ] || die "could not create the flood check"

B=$(java -cp "$TOOLS_CP" io.lifeline.tools.SlowFlood --port "$PORT" --ping-path "/ping/$UUID" --slow 0 \
  --duration PT20S --rate 20 | grep '^slow=')
say "without the flood: $B"
R=$(java -cp "$TOOLS_CP" io.lifeline.tools.SlowFlood --port "$PORT" --ping-path "/ping/$UUID" --slow 1000 \
  --interval PT5S --duration PT40S --rate 20 | grep '^slow=')
say "with the flood: $R"
field() { echo "${2:-$R}" | tr ' ' '\n' | sed -n "s/^$1=//p"; }

echo "### Slow-client flood"
echo
echo "| what | measured | target | note |"
echo "|---|---|---|---|"
echo "| normal pings while 1,000 connections trickle 1 byte / 5 s | p50 $(field ping_p50_ms) ms, p99 $(field ping_p99_ms) ms, max $(field ping_max_ms) ms | p99 < 100 ms | $(field pings) pings at 20/s over 40 s; without the flood (measured first, on a cold JVM), same client: p50 $(field ping_p50_ms "$B") ms, p99 $(field ping_p99_ms "$B") ms |"
echo "| normal ingests (one pulse) during the same flood | p50 $(field ingest_p50_ms) ms, p99 $(field ingest_p99_ms) ms, max $(field ingest_max_ms) ms | p99 < 100 ms | $(field ingests) ingests; failed requests (pings and ingests): $(field failed); without the flood: p50 $(field ingest_p50_ms "$B") ms, p99 $(field ingest_p99_ms "$B") ms |"
echo "| the slow connections | $(field cut_408) cut off with 408, $(field cut_other) otherwise, $(field open_at_end) still open after 40 s | all cut off with 408 | cut off after $(field cutoff_p50_s) s (median), $(field cutoff_max_s) s (last); HTTP_HEADER_TIMEOUT PT10S, HTTP_MIN_REQUEST_RATE 1024 B/s after it |"
echo
