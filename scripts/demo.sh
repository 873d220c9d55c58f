#!/usr/bin/env bash
# Command 1: run the product. Installs packages, builds, starts its own
# redis-server on loopback, starts the ingest and query services, loads the
# bundled synthetic sample council (council 201, generated from a fixed
# seed), and prints its scorecard. Leaves the services running until Ctrl-C.
#   ./scripts/demo.sh [--no-wait]
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
install_packages
build -DSCORECARD_BUILD_TESTS=OFF -DSCORECARD_BUILD_BENCHMARKS=OFF

RUN="$ROOT/.run"
mkdir -p "$RUN"
REDIS_PORT="$(free_port)"
GRPC_PORT="${GRPC_PORT:-50051}"
INGEST_METRICS="${INGEST_METRICS:-127.0.0.1:9464}"
QUERY_METRICS="${QUERY_METRICS:-127.0.0.1:9465}"
CTL="$BUILD_DIR/services/cli/scorecardctl"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

# A fresh Redis each run: the demo shows the sample council, not what an
# earlier run left behind.
rm -rf "$RUN/redis"
mkdir -p "$RUN/redis"
echo "==> redis-server on 127.0.0.1:$REDIS_PORT (data in $RUN/redis)"
redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$RUN/redis" --save "" \
  --appendonly yes --appendfsync everysec --daemonize no >"$RUN/redis.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done

cd "$ROOT"
echo "==> scorecard-ingest (metrics on $INGEST_METRICS)"
"$BUILD_DIR/services/ingest/scorecard-ingest" --redis "127.0.0.1:$REDIS_PORT" \
  --metrics-listen "$INGEST_METRICS" >"$RUN/ingest.log" 2>&1 &
pids+=($!)
echo "==> scorecard-query (gRPC on 127.0.0.1:$GRPC_PORT, metrics on $QUERY_METRICS)"
"$BUILD_DIR/services/query/scorecard-query" --redis "127.0.0.1:$REDIS_PORT" \
  --listen "127.0.0.1:$GRPC_PORT" --metrics-listen "$QUERY_METRICS" >"$RUN/query.log" 2>&1 &
pids+=($!)

SAMPLE="$RUN/sample-council-201.ndjson"
# Three years of history up to the start of this month, so "as of today" is live.
THIS_MONTH="$(date +%Y-%m-01)"
START="$(date -d "$THIS_MONTH -3 years" +%F)"
echo "==> generating the sample council (seed 1, 3 years from $START)"
"$CTL" generate --seed 1 --years 3 --start "$START" --la 201 --out "$SAMPLE"
echo "==> publishing $(wc -l <"$SAMPLE") events"
"$CTL" publish "$SAMPLE" --redis "127.0.0.1:$REDIS_PORT"

# Idle when every partition's consumer group has nothing pending and no lag.
idle() {
  local out pending lag
  for p in 0 1 2 3 4 5 6 7; do
    out=$(redis-cli -p "$REDIS_PORT" --raw xinfo groups "ssc:{p$p}:events" 2>&1) || true
    case "$out" in "" | ERR*) continue ;; esac
    pending=$(echo "$out" | awk 'prev=="pending"{print; exit} {prev=$0}')
    lag=$(echo "$out" | awk 'prev=="lag"{print; exit} {prev=$0}')
    [ "$pending" = "0" ] && [ "$lag" = "0" ] || return 1
  done
}
echo "==> waiting for the ingest service to apply them"
for _ in $(seq 1200); do idle && break; sleep 0.25; done
idle || { echo "ingest did not finish; see $RUN/ingest.log" >&2; exit 1; }

MONTH="$(date -d "$THIS_MONTH -1 month" +%Y-%m)"
echo "==> scorecard for council 201, month $MONTH (the last complete month)"
"$CTL" scorecard --la 201 --month "$MONTH" --server "127.0.0.1:$GRPC_PORT"
echo
echo "==> live scorecard (as of today)"
"$CTL" scorecard --la 201 --as-of "$(date +%F)" --server "127.0.0.1:$GRPC_PORT"

if [ "${1:-}" = "--no-wait" ]; then exit 0; fi
echo
echo "Services are running: gRPC 127.0.0.1:$GRPC_PORT, metrics $INGEST_METRICS and $QUERY_METRICS."
echo "Try: $CTL scorecard --la 201 --period ytd --month $MONTH --server 127.0.0.1:$GRPC_PORT"
echo "Press Ctrl-C to stop."
wait
