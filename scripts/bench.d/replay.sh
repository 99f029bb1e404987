#!/usr/bin/env bash
# Audit replay benchmark, run by scripts/bench with ROOT and KAFKA_BOOTSTRAP_SERVERS set: tops metering.pulses up to
# 10,000,000 records (the metering part leaves millions there), then replays all of it through the usage meter's
# topology with scripts/replay's own code, and prints a markdown section.
set -euo pipefail
: "${ROOT:?}" "${KAFKA_BOOTSTRAP_SERVERS:?}"
PULSES="${REPLAY_BENCH_PULSES:-10000000}"
TOOLS_CP="$ROOT/tools/target/lifeline-tools.jar:$ROOT/tools/target/lib/*"
log() { printf '%s\n' "$*" >&2; }
field() { sed -n "s/.*[[:space:]]$1=\([^[:space:]]*\).*/\1/p; s/^$1=\([^[:space:]]*\).*/\1/p" <<<"$2" | head -1; }

log "replay bench: metering.pulses topped up to $PULSES records, then replayed"
OUT=$(java -Xmx2g -cp "$TOOLS_CP" io.lifeline.tools.ReplayBench \
  --bootstrap "$KAFKA_BOOTSTRAP_SERVERS" --pulses "$PULSES" | grep "^pulses=" | tail -1)
rate=$(field pulses_per_s "$OUT"); seconds=$(field seconds "$OUT")
echo "### Audit replay"
echo
echo "| what | measured | target | note |"
echo "|---|---|---|---|"
echo "| \`scripts/replay metering\` over all of metering.pulses | $(field pulses "$OUT") pulses in ${seconds} s (${rate} pulses/s, $(awk -v s="$seconds" 'BEGIN { printf "%.1f", s / 60 }') min) | 10,000,000 in minutes | read_committed, $(nproc) partitions at once, the real topology in a TopologyTestDriver per partition, $(field windows "$OUT") windows ($(field batches "$OUT") batches re-derived); $(field topped_up "$OUT") pulses added first in $(field produce_s "$OUT") s |"
echo
