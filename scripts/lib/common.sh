# Shared by the scripts: where things are, building what is missing, and the local broker.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SERVER_JAR="$ROOT/server/target/lifeline-server.jar"
KAFKA_LIB="$ROOT/kafka-runtime/target/lib"
DATA_DIR="${DATA_DIR:-$ROOT/data}"
KAFKA_DIR="$DATA_DIR/kafka"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"

say() { printf '%s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

# Maven 3.8 writes colour resets even in batch mode; a log file or a pipe gets plain text.
plain() { if [ -t 2 ]; then cat; else sed 's/\x1b\[[0-9;]*m//g'; fi; }

# Rebuild when a jar is missing or any source, schema or POM is newer than it.
build_if_needed() {
  local stale=""
  if [ ! -f "$SERVER_JAR" ] || [ ! -d "$KAFKA_LIB" ]; then
    stale="missing"
  elif [ -n "$(find "$ROOT" -path "$ROOT/data" -prune -o \( -name '*.java' -o -name '*.avsc' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -newer "$SERVER_JAR" -print -quit)" ]; then
    stale="changed"
  fi
  if [ -n "$stale" ]; then
    say "building Lifeline (sources $stale; the first build downloads dependencies and takes a few minutes)..."
    local log
    log=$(mktemp)
    if ! (cd "$ROOT" && mvn -B -q -DskipTests package) > "$log" 2>&1; then
      plain < "$log" >&2
      rm -f "$log"
      die "the build failed; run 'mvn -B -DskipTests package' to see why"
    fi
    rm -f "$log"
    # Maven leaves an up-to-date jar untouched; mark it as checked so the next start skips the build.
    touch "$SERVER_JAR"
  fi
}

kafka_java() {
  exec setsid java ${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m} -Dlog4j2.configurationFile="$ROOT/scripts/kafka-config/log4j2.xml" \
    -Dkafka.logs.dir="$KAFKA_DIR/logs" -cp "$KAFKA_LIB/*" "$@"
}

# await_ready PORT PID LOG: waits up to 60 s for a bench server's /health/ready, failing if it exits first.
await_ready() {
  for _ in $(seq 1 600); do
    curl -fsS -o /dev/null "http://127.0.0.1:$1/health/ready" 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || die "the server exited; see $3"
    sleep 0.1
  done
  die "the server was not ready within 60 s; see $3"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# kafka_java replaces its shell, so call it in a subshell: then $! is the JVM itself. setsid keeps the
# broker out of the terminal's process group: Ctrl-C reaches the server, which still needs the broker
# to commit while it closes, and the broker is stopped after it.

# A single-node KRaft broker (broker and controller in one process) with its data under data/kafka.
start_broker() {
  launch_broker
  await_broker
}

# Starts the broker and returns at once (BROKER_PID set); await_broker waits until it listens.
launch_broker() {
  mkdir -p "$KAFKA_DIR/logs" || die "cannot create $KAFKA_DIR"
  if port_open "$KAFKA_PORT"; then
    die "port $KAFKA_PORT is already in use; stop that process, or set KAFKA_BOOTSTRAP_SERVERS to use a running cluster"
  fi
  sed -e "s#@LOG_DIRS@#$KAFKA_DIR/log-data#; s#@PORT@#$KAFKA_PORT#g; s#@CONTROLLER_PORT@#$KAFKA_CONTROLLER_PORT#g" \
    "$ROOT/scripts/kafka-config/server.properties" > "$KAFKA_DIR/server.properties"
  if [ ! -f "$KAFKA_DIR/log-data/meta.properties" ]; then
    local cluster_id
    cluster_id=$(kafka_java kafka.tools.StorageTool random-uuid) || die "cannot generate a Kafka cluster id"
    (kafka_java kafka.tools.StorageTool format -t "$cluster_id" -c "$KAFKA_DIR/server.properties" >/dev/null) \
      || die "cannot format $KAFKA_DIR/log-data"
  fi
  (kafka_java kafka.Kafka "$KAFKA_DIR/server.properties" >"$KAFKA_DIR/logs/stdout.log" 2>&1) &
  BROKER_PID=$!
  echo "$BROKER_PID" > "$KAFKA_DIR/broker.pid"
}

await_broker() {
  local waited=0
  until port_open "$KAFKA_PORT"; do
    kill -0 "$BROKER_PID" 2>/dev/null || die "the Kafka broker exited; see $KAFKA_DIR/logs/server.log"
    sleep 0.2
    waited=$((waited + 1))
    [ "$waited" -lt 300 ] || die "the Kafka broker did not listen on $KAFKA_PORT within 60 s"
  done
}

stop_pid() {
  local pid=$1 name=$2 bound=${3:-30}
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  local i=0
  while kill -0 "$pid" 2>/dev/null && [ "$i" -lt $((bound * 5)) ]; do sleep 0.2; i=$((i + 1)); done
  if kill -0 "$pid" 2>/dev/null; then
    say "$name did not stop within ${bound}s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
}
