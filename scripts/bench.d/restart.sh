#!/usr/bin/env bash
# Restart after a clean stop with state in the stores: N checks and M pulses with distinct ids (so
# every partition's dedup store holds ids), then TERM and start again on the same STATE_DIR. Measures
# the stop, the time to ready, and what the second start restored from the changelogs (DESIGN.md
# section 11: "restoring no state").
set -euo pipefail
. "$ROOT/scripts/lib/common.sh"
PORT="${RESTART_BENCH_PORT:-18085}"
CHECKS="${RESTART_BENCH_CHECKS:-100000}"
PULSES="${RESTART_BENCH_PULSES:-1000000}"
# Few series, so that some partitions hold no pulse: an empty dedup store is what Kafka Streams 4.3 took
# for corrupted on every start under exactly-once.
SERIES="${RESTART_BENCH_SERIES:-3}"
WORK="$BENCH_WORK/restart"
APP=bench-restart
mkdir -p "$WORK"
SERVER=""
trap '[ -n "$SERVER" ] && stop_pid "$SERVER" "the restart bench server" 60' EXIT
# The state is what this part loads, not what the parts before it left on the shared broker.
java -cp "$TOOLS_CP" io.lifeline.tools.FreshTopics --bootstrap "$KAFKA_BOOTSTRAP_SERVERS" heartbeat.checks heartbeat.pings \
  heartbeat.flips heartbeat.alerts metering.pulses metering.pulses.late metering.batches > "$WORK/fresh.log" 2>&1 \
  || die "could not empty the topics; see $WORK/fresh.log"

# Sets SERVER and READY, the seconds from launch to /health/ready.
start_server() {
  HTTP_PORT=$PORT DATA_DIR="$WORK/data" APPLICATION_ID=$APP LOG_FORMAT=text INGEST_RATE_LIMIT=0 \
    java ${JAVA_OPTS:--Xms256m -Xmx1g} -jar "$SERVER_JAR" > "$1" 2>&1 &
  SERVER=$!
  local started
  started=$(date +%s.%N)
  for _ in $(seq 1 3000); do
    curl -fsS -o /dev/null "http://127.0.0.1:$PORT/health/ready" 2>/dev/null && break
    kill -0 "$SERVER" 2>/dev/null || die "the server exited; see $1"
    sleep 0.1
  done
  READY=$(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
}

# Sets STOPPED, the seconds from TERM to exit.
stop_server() {
  local started
  started=$(date +%s.%N)
  stop_pid "$SERVER" "the restart bench server" 60
  SERVER=""
  STOPPED=$(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
}

start_server "$WORK/first.log"
first_ready=$READY
LOADED=$(java -cp "$TOOLS_CP" io.lifeline.tools.StateLoader --bootstrap "$KAFKA_BOOTSTRAP_SERVERS" \
  --application-id $APP --checks "$CHECKS" --pulses "$PULSES" --series "$SERIES" | grep '^loaded')
say "$LOADED"
stop_server
stopped=$STOPPED
state=$(du -sh "$WORK/data/streams" | cut -f1)
start_server "$WORK/second.log"
second_ready=$READY
restored=$(sed -n 's/.*: restored \([0-9]*\) records of .*/\1/p' "$WORK/second.log" | awk '{ s += $1 } END { print s + 0 }')
corrupted=$(grep -c "TaskCorruptedException" "$WORK/second.log" || true)
stop_server
stopped_again=$STOPPED
# What each store holds on disk: <app>/<task>/rocksdb/<store>, summed over the tasks.
stores=$(cd "$WORK/data/streams" && du -sk -- */*/rocksdb/* 2>/dev/null | awk '{ n = split($2, p, "/"); s[p[n]] += $1 }
  END { for (k in s) printf "%s %.1f MB; ", k, s[k] / 1024 }' | sed 's/; $//')
# Losing the instance's disk: everything comes back from the changelogs, at the rate this measures.
rm -rf "$WORK/data/streams"
start_server "$WORK/third.log"
lost_ready=$READY
lost_restored=$(sed -n 's/.*: restored \([0-9]*\) records of .*/\1/p' "$WORK/third.log" | awk '{ s += $1 } END { print s + 0 }')
stop_server

echo "### Restart after a clean stop"
echo
echo "| what | measured | target | note |"
echo "|---|---|---|---|"
echo "| restart with $CHECKS checks and $PULSES dedup ids over $SERIES series in state ($state of \`STATE_DIR\`) | ready in ${second_ready} s; ${restored} records restored; ${corrupted} TaskCorruptedException | restores nothing; ready ≤ 10 s | first start ${first_ready} s; the state loaded with \`StateLoader\` ($(echo "$LOADED" | sed 's/^loaded //')) |"
echo "| start after losing \`STATE_DIR\` (no standby replica) | ready in ${lost_ready} s; ${lost_restored} records restored from the changelogs | | $(awk -v r="$lost_restored" -v t="$lost_ready" 'BEGIN { if (t > 0) printf "%d records/s, start included", r / t }'); with \`num.standby.replicas\` 1 another instance holds a warm copy and takes over without this restore |
| that state, store by store | $stores | | RocksDB files of every task, summed per store |
| clean stop (TERM) with that state | ${stopped} s, then ${stopped_again} s | ≤ 10 s | streams closed and checkpointed, producer flushed |"
echo
