#!/usr/bin/env bash
# Alert delivery: alerts written to heartbeat.alerts for webhook channels that point at a loopback
# receiver in the bench client. A burst gives delivered alerts per second; alerts written at a steady
# pace give the latency from an alert's time to its arrival at the webhook (DESIGN.md section 8).
set -euo pipefail
. "$ROOT/scripts/lib/common.sh"
PORT="${DELIVERY_BENCH_PORT:-18088}"
ALERTS="${DELIVERY_BENCH_ALERTS:-5000}"
PACED="${DELIVERY_BENCH_PACED:-600}"
RATE="${DELIVERY_BENCH_RATE:-50}"
CHANNELS="${DELIVERY_BENCH_CHANNELS:-8}"
WORK="$BENCH_WORK/delivery"
KEY=delivery-bench-key
mkdir -p "$WORK"
SERVER=""
trap '[ -n "$SERVER" ] && stop_pid "$SERVER" "the delivery bench server" 60' EXIT

HTTP_PORT=$PORT DATA_DIR="$WORK/data" APPLICATION_ID=bench-delivery LIFELINE_API_KEY=$KEY LOG_FORMAT=text \
  DELIVERY_ALLOWLIST=127.0.0.1/32 java ${JAVA_OPTS:--Xms256m -Xmx1g} -jar "$SERVER_JAR" > "$WORK/server.log" 2>&1 &
SERVER=$!
await_ready "$PORT" "$SERVER" "$WORK/server.log"

bench() {
  java -cp "$TOOLS_CP" io.lifeline.tools.DeliveryBench --bootstrap "$KAFKA_BOOTSTRAP_SERVERS" \
    --server "http://127.0.0.1:$PORT" --api-key "$KEY" --channels "$CHANNELS" "$@" | grep '^alerts='
}
P=$(bench --alerts "$PACED" --rate "$RATE")
say "delivery at $RATE/s: $P"
R=$(bench --alerts "$ALERTS")
say "delivery of a burst: $R"
field() { echo "${2:-$R}" | tr ' ' '\n' | sed -n "s/^$1=//p"; }

echo "### Alert delivery"
echo
echo "| what | measured | note |"
echo "|---|---|---|"
echo "| webhook deliveries of a burst of $(field alerts) alerts over $(field channels) channels | $(field alerts_per_s) alerts/s | $(field delivered) delivered, $(field duplicates) duplicates; the burst written in $(field write_s) s; DELIVERY_CONCURRENCY 4 (the webhook bulkhead), one lane per channel |"
echo "| alert time → webhook arrival, $RATE alerts/s | p50 $(field p50_ms "$P") ms, p99 $(field p99_ms "$P") ms, max $(field max_ms "$P") ms | $(field delivered "$P") of $(field alerts "$P") delivered; from the alert's \`at\` (when the bench wrote it) to the loopback receiver, first (cold JVM) |"
echo "| the same during the burst | p50 $(field p50_ms) ms, p99 $(field p99_ms) ms, max $(field max_ms) ms | waiting in the burst's queue included |"
echo
