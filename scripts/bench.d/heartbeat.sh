#!/usr/bin/env bash
# Heartbeat bench part (run by scripts/bench): ping throughput over keep-alive against the same server's
# do-nothing route (GET /health/live: the same Jetty, Javalin and filters, a handler that only answers),
# p99 at a fixed 10,000 pings/s, and detection with HB_BENCH_CHECKS checks loaded at the default
# DEADLINE_CHECK_INTERVAL.
# Needs ROOT, KAFKA_BOOTSTRAP_SERVERS, SERVER_JAR; prints one markdown section on stdout.
set -euo pipefail
: "${ROOT:?}" "${KAFKA_BOOTSTRAP_SERVERS:?}" "${SERVER_JAR:?}"
CHECKS=${HB_BENCH_CHECKS:-1000000}
DURATION=${HB_BENCH_SECONDS:-15}
HTTP_PORT_SERVER=${HB_BENCH_PORT:-18081}
TOOLS_CP="$ROOT/tools/target/lifeline-tools.jar:$ROOT/tools/target/lib/*"
. "$ROOT/scripts/lib/bench-targets.sh"
WORK=$(mktemp -d -t lifeline-bench-hb.XXXXXX)
APP="bench-heartbeat-$$"
KEY="bench-key-$$"
SERVER_PID=""

log() { printf '%s\n' "$*" >&2; }
stop() { local pid=$1; [ -n "$pid" ] || return 0; kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
cleanup() { stop "$SERVER_PID"; rm -rf "$WORK"; }
trap cleanup EXIT

command -v wrk >/dev/null || { log "installing wrk"; apt-get install -y wrk >/dev/null 2>&1 || true; }
command -v wrk >/dev/null || { log "wrk is not available"; exit 1; }
[ -f "$ROOT/tools/target/lifeline-tools.jar" ] || { log "build first: mvn -B -DskipTests package"; exit 1; }

wait_http() {
  local url=$1 i=0
  until curl -fsS -o /dev/null "$url" 2>/dev/null; do
    sleep 0.5; i=$((i + 1)); [ "$i" -lt 240 ] || { log "$url not ready"; return 1; }
  done
}
rps() { awk '/Requests\/sec/ {print int($2)}'; }

log "heartbeat bench: starting the server (APPLICATION_ID=$APP)"
HTTP_PORT=$HTTP_PORT_SERVER DATA_DIR="$WORK/data" APPLICATION_ID="$APP" LIFELINE_API_KEY="$KEY" \
  KAFKA_BOOTSTRAP_SERVERS="$KAFKA_BOOTSTRAP_SERVERS" java -Xmx1g -jar "$SERVER_JAR" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
BASE="http://127.0.0.1:$HTTP_PORT_SERVER"
wait_http "$BASE/health/ready"
UUID=$(curl -fsS -X POST -H "X-Api-Key: $KEY" -d '{"name":"bench","timeout":86400}' "$BASE/api/v3/checks/" \
  | sed -E 's/.*"uuid":"([^"]+)".*/\1/')

log "heartbeat bench: pings, and the same server's do-nothing route"
# The JIT needs most of a minute of this load before the figures settle; then the two alternate.
wrk -t2 -c128 -d45s "$BASE/ping/$UUID" >/dev/null
wrk -t2 -c128 -d10s "$BASE/health/live" >/dev/null
PING_RPS=$(wrk -t2 -c128 -d"${DURATION}s" "$BASE/ping/$UUID" | rps)
NOOP_RPS=$(wrk -t2 -c128 -d"${DURATION}s" "$BASE/health/live" | rps)
RATE=$(java -cp "$TOOLS_CP" io.lifeline.tools.HttpBench --port "$HTTP_PORT_SERVER" --mode PING --path "/ping/$UUID" \
  --connections 64 --rate 10000 --duration PT10S --warmup PT3S | grep '^requests=')
P99=$(sed -E 's/.*p99_ms=([0-9.]+).*/\1/' <<<"$RATE")
P50=$(sed -E 's/.*p50_ms=([0-9.]+).*/\1/' <<<"$RATE")
ERRS=$(sed -E 's/.*failed=([0-9]+).*/\1/' <<<"$RATE")

# Profiled apart from the measured runs: a JFR recording with the profile settings cut this load to a
# quarter (and to half for a while after it stopped), so it would have measured itself.
jcmd "$SERVER_PID" JFR.start name=ping settings=profile filename="$WORK/ping.jfr" >/dev/null
PROFILED_RPS=$(wrk -t2 -c128 -d10s "$BASE/ping/$UUID" | rps)
jcmd "$SERVER_PID" JFR.stop name=ping >/dev/null

log "heartbeat bench: detection with $CHECKS checks"
DET=$(java -Xmx512m -cp "$TOOLS_CP" io.lifeline.tools.DetectionBench --bootstrap "$KAFKA_BOOTSTRAP_SERVERS" \
  --server "$BASE" --application-id "$APP" --checks "$CHECKS" --due 200)
STATE=$(du -sh "$WORK/data/streams" | cut -f1)
PROFILE=$(java -cp "$TOOLS_CP" io.lifeline.tools.ProfileSummary --top 10 "$WORK/ping.jfr")
field() { sed -nE "s/.*[ ^]?$1=([-0-9.]+).*/\1/p" <<<"$DET" | head -1; }
RATIO=$(awk -v a="$PING_RPS" -v b="$NOOP_RPS" 'BEGIN { if (b > 0) printf "%d%%", 100 * a / b; else print "n/a" }')
target_row 3 "single pings over keep-alive" "$PING_RPS/s ($RATIO of the same server's do-nothing route, $NOOP_RPS/s)" \
  "≥ 30,000/s and ≥ 50%" "$(both "$(at_least "$PING_RPS" 30000)" "$(at_least "${RATIO%\%}" 50)")"
target_row 4 "ping p99 at a fixed 10,000/s" "p50 $P50 ms, p99 $P99 ms" "≤ 10 ms" "$(at_most "$P99" 10)"
target_row 6 "DOWN alert after the deadline, default \`DEADLINE_CHECK_INTERVAL\`, $(field loaded) checks" \
  "p50 $(field delay_p50_ms) ms, p99 $(field delay_p99_ms) ms, $(field missing) missing" "≤ 1 s p99" \
  "$(both "$(at_most "$(field delay_p99_ms)" 1000)" "$(at_most "$(field missing)" 0)")"

cat <<MD
### Heartbeat: pings and detection

| what | measured | target | note |
|---|---|---|---|
| single pings/s over HTTP keep-alive (wrk -t2 -c128, ${DURATION}s, after 45 s warm-up) | $PING_RPS | ≥ 30,000 | each answered after Kafka acked it |
| do-nothing route of the same server (GET /health/live), same run | $NOOP_RPS | | reference |
| pings vs do-nothing | $RATIO | ≥ 50% | |
| ping latency at a fixed 10,000/s (open loop from the scheduled send time, 64 connections, 10 s) | p50 ${P50} ms, p99 ${P99} ms | p99 ≤ 10 ms | errors: $ERRS |
| checks loaded (definition + first ping each) | $(field loaded) in $(field consumed_s) s | 1,000,000 | produced in $(field produce_s) s, then consumed by the monitor |
| deadline scan with nothing due | mean $(field idle_scan_mean_ms) ms, max $(field idle_scan_max_ms) ms | < 1 ms | over $(field idle_scans) scans, every partition |
| DOWN alert after its deadline, default DEADLINE_CHECK_INTERVAL (PT0.25S) | p50 $(field delay_p50_ms) ms, p99 $(field delay_p99_ms) ms, max $(field delay_max_ms) ms | ≤ 1 s p99 | $(field alerts) alerts, $(field missing) missing, $(field loaded) checks loaded |
| server heap used with the checks loaded | $(field heap_used_mb) MB | ≤ 1 GB | -Xmx1g, RocksDB stores |
| state on disk with the checks loaded | $STATE | | \`STATE_DIR\` of the monitor and the replica: definitions, states, deadline index, ping history |

#### Profile of the server under the same ping load

Recorded after the measured runs, over 10 s of the same load ($PROFILED_RPS pings/s while recording: JFR's profile settings slow this server down several times, so the shares below matter, not the rate).

$PROFILE
MD
