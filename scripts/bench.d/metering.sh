#!/usr/bin/env bash
# Metering benchmarks, run by scripts/bench with ROOT, KAFKA_BOOTSTRAP_SERVERS, SERVER_JAR and KAFKA_LIB set.
# Starts its own edge-only Lifeline on HTTP_PORT 18091 (data in a temp dir), measures batched ingest against
# kafka-producer-perf-test on the same broker, single /ingest at max rate and at 2,000 req/s, and (first)
# the topology alone under exactly_once_v2, with one instance and then with two sharing the work; stops
# what it started and prints a markdown section.
set -euo pipefail
: "${ROOT:?}" "${KAFKA_BOOTSTRAP_SERVERS:?}" "${SERVER_JAR:?}" "${KAFKA_LIB:?}"
PORT="${METERING_BENCH_PORT:-18091}"
SECONDS_EACH="${METERING_BENCH_SECONDS:-15}"
BACKLOG="${METERING_BENCH_BACKLOG:-2000000}"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/lifeline-bench-metering.XXXXXX")
TOOLS_CP="$ROOT/tools/target/lifeline-tools.jar:$ROOT/tools/target/lib/*"
. "$ROOT/scripts/lib/bench-targets.sh"
SERVER_PID=""

cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT

log() { printf '%s\n' "$*" >&2; }
field() { sed -n "s/.*[[:space:]]$1=\([^[:space:]]*\).*/\1/p; s/^$1=\([^[:space:]]*\).*/\1/p" <<<"$2" | head -1; }
tool() { java -Xmx768m -cp "$TOOLS_CP" "$@"; }

[ -f "$ROOT/tools/target/lifeline-tools.jar" ] || { log "metering bench: build first (mvn -B -DskipTests package)"; exit 1; }

# First, while metering.pulses holds only its own ordered backlog (pulses ingested later would be
# newer and make the backlog look late).
log "metering bench: topology alone, exactly_once_v2 (pre-loaded metering.pulses)"
java -XX:StartFlightRecording=settings=profile,filename="$TMP/topology.jfr" -Xmx768m -cp "$TOOLS_CP" \
  io.lifeline.tools.TopologyBench --bootstrap "$KAFKA_BOOTSTRAP_SERVERS" --preload "$BACKLOG" \
  >"$TMP/topology.out" 2>"$TMP/topology.log"
PROFILE=$(tool io.lifeline.tools.ProfileSummary --top 12 --methods-of StreamThread "$TMP/topology.jfr")
TOPO=$(grep "^pulses=" "$TMP/topology.out" | tail -1)
log "metering bench: the same backlog, two instances of one thread each"
tool io.lifeline.tools.TopologyBench --bootstrap "$KAFKA_BOOTSTRAP_SERVERS" --preload 0 --instances 2 --threads 1 \
  >"$TMP/two.out" 2>"$TMP/two.log"
TWO=$(grep "^pulses=" "$TMP/two.out" | tail -1)
TWO_SPLIT=$(grep "^instance=" "$TMP/two.out" | sed 's/^instance=\([0-9]*\) partitions=\([^ ]*\) processed=\([0-9]*\)/instance \1: partitions \2, \3 pulses/' | paste -sd ';' | sed 's/;/; /g')

log "metering bench: starting an edge-only Lifeline on :$PORT"
HTTP_PORT=$PORT DATA_DIR="$TMP/data" ROLES=edge INGEST_RATE_LIMIT=0 APPLICATION_ID=bench-metering \
  KAFKA_BOOTSTRAP_SERVERS="$KAFKA_BOOTSTRAP_SERVERS" java -Xms512m -Xmx1g -jar "$SERVER_JAR" >"$TMP/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 300); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/health/ready" 2>/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || { log "the server exited:"; tail -20 "$TMP/server.log" >&2; exit 1; }
  sleep 0.2
done

log "metering bench: kafka-producer-perf-test (acks=all, idempotent, lz4, like the edge producer)"
java -Xmx512m -cp "$KAFKA_LIB/*" org.apache.kafka.tools.TopicCommand --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" \
  --create --if-not-exists --topic bench.metering.perf --partitions 6 --replication-factor 1 >/dev/null 2>&1 || true
PERF=$(java -Xmx512m -Dlog4j2.configurationFile="$ROOT/scripts/kafka-config/tools-log4j2.xml" -cp "$KAFKA_LIB/*" \
  org.apache.kafka.tools.ProducerPerformance --topic bench.metering.perf --num-records 3000000 --record-size 110 \
  --throughput -1 --producer-props bootstrap.servers="$KAFKA_BOOTSTRAP_SERVERS" acks=all enable.idempotence=true \
  linger.ms=2 batch.size=262144 compression.type=lz4 2>/dev/null | tail -1)
PERF_RATE=$(sed -n 's/.* records sent, \([0-9.]*\) records\/sec.*/\1/p' <<<"$PERF" | cut -d. -f1)

log "metering bench: NDJSON batches of 1,000"
NDJSON=$(tool io.lifeline.tools.HttpBench --port "$PORT" --mode NDJSON --batch 1000 --connections 8 --duration "PT${SECONDS_EACH}S" | grep "^requests=" | tail -1)
log "metering bench: CloudEvents batches of 1,000"
CE=$(tool io.lifeline.tools.HttpBench --port "$PORT" --mode CLOUDEVENTS --batch 1000 --connections 8 --duration "PT${SECONDS_EACH}S" | grep "^requests=" | tail -1)
log "metering bench: single /ingest, max rate"
SINGLE=$(tool io.lifeline.tools.HttpBench --port "$PORT" --mode SINGLE --connections 64 --duration "PT${SECONDS_EACH}S" | grep "^requests=" | tail -1)
log "metering bench: single /ingest at 2,000 req/s"
PACED=$(tool io.lifeline.tools.HttpBench --port "$PORT" --mode SINGLE --connections 64 --rate 2000 --duration "PT${SECONDS_EACH}S" | grep "^requests=" | tail -1)
SERVER_CPU=$(ps -o times= -p "$SERVER_PID" | tr -d ' ')

kill -TERM "$SERVER_PID" 2>/dev/null || true
for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.2; done
SERVER_PID=""


nd=$(field pulses_per_s "$NDJSON"); ce=$(field pulses_per_s "$CE")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.0f%%", 100 * a / b; else print "n/a" }'; }
topo=$(field pulses_per_s "$TOPO")
topo_met=$(at_least "$topo" 200000)
[ "$topo_met" = yes ] || { [ "$(at_least "$topo" 100000)" = yes ] && topo_met="first step (≥ 100,000/s)"; }
target_row 1 "metering topology alone, backlog → FINAL batches, \`exactly_once_v2\`" \
  "$topo pulses/s, $(field cpu_us_per_pulse "$TOPO") µs CPU/pulse, totals exact: $(field exact "$TOPO"); two instances $(field pulses_per_s "$TWO")/s" \
  "≥ 200,000/s (first step ≥ 100,000/s)" "$topo_met"
nd_ratio=$(ratio "$nd" "$PERF_RATE"); ce_ratio=$(ratio "$ce" "$PERF_RATE")
target_row 5 "batched ingest vs \`kafka-producer-perf-test\` (${PERF_RATE:-n/a} records/s)" \
  "NDJSON $nd_ratio ($nd/s), CloudEvents $ce_ratio ($ce/s)" "≥ 80%" \
  "$(both "$(at_least "${nd_ratio%\%}" 80)" "$(at_least "${ce_ratio%\%}" 80)")"
echo "### Metering"
echo
echo "| what | measured | target | note |"
echo "|---|---|---|---|"
echo "| kafka-producer-perf-test, 110-byte records, acks=all | ${PERF_RATE:-n/a} records/s | reference | same broker, same run |"
echo "| batched ingest, NDJSON (1,000 pulses per request, 8 connections) | ${nd} pulses/s ($(ratio "$nd" "$PERF_RATE") of perf-test) | ≥ 150,000/s and ≥ 80% | failed requests: $(field failed "$NDJSON"); p99 per request $(field p99_ms "$NDJSON") ms |"
echo "| batched ingest, CloudEvents batch (1,000 events per request) | ${ce} pulses/s ($(ratio "$ce" "$PERF_RATE") of perf-test) | ≥ 150,000/s and ≥ 80% | failed requests: $(field failed "$CE") |"
echo "| single POST /ingest, keep-alive, 64 connections | $(field rps "$SINGLE") req/s | seed: 2,000 req/s | p99 $(field p99_ms "$SINGLE") ms at max rate; failed: $(field failed "$SINGLE") |"
echo "| single POST /ingest at 2,000 req/s | p50 $(field p50_ms "$PACED") ms, p99 $(field p99_ms "$PACED") ms | seed's figure: 2,000 req/s | latency from the scheduled send (no coordinated omission); $(field rps "$PACED") req/s achieved |"
echo "| topology alone, backlog of pulses to FINAL batches, exactly_once_v2 | $(field pulses_per_s "$TOPO") pulses/s | ≥ 200,000/s (first step ≥ 100,000/s) | $(field pulses "$TOPO") pulses (all of metering.pulses) into $(field windows "$TOPO") windows, $(field finals "$TOPO") FINAL and $(field corrections "$TOPO") CORRECTION batches read committed, totals exact: $(field exact "$TOPO"); 1 instance, $(field threads "$TOPO") stream threads, commit.interval.ms 1000; $(field cpu_us_per_pulse "$TOPO") µs of the meter's CPU per pulse; startup $(field startup_s "$TOPO") s not counted |"
echo "| the same backlog, two instances (one stream thread each) | $(field pulses_per_s "$TWO") pulses/s | the work splits | $TWO_SPLIT; $(field finals "$TWO") FINAL batches, totals exact: $(field exact "$TWO"); $(field cpu_us_per_pulse "$TWO") µs of CPU per pulse; both instances on these two cores |"
echo
echo "Edge server CPU time over the HTTP runs: ${SERVER_CPU}. Client, server and broker share the machine's cores."
echo
echo "#### Profile of the topology-alone run"
echo
echo "The whole run is recorded, the preload of the backlog included (the \`main\` and producer threads); the method tables count only the stream threads, which are the meter."
echo
echo "$PROFILE"
echo
