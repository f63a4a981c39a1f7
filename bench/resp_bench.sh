#!/usr/bin/env bash
# RESP client throughput: 50 concurrent tasks on a RedisConnectionPool (4 connections) sending PING
# and INCR, against `redis-benchmark -P 1 -c 50` on the same redis-server in the same run. Prints
# ops/s for both and the ratio (Spool / redis-benchmark) per command.
#
# The client side runs as the RESPTests throughput test (`RedisThroughputTests`), pointed at this
# script's server by RESP_BENCH_PORT. Environment: OPERATIONS (default 100000), CONFIGURATION
# (debug or release; release adds -Xswiftc -enable-testing), SCRATCH (default .build-resp).
# Runs by hand, not in CI.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OPERATIONS="${OPERATIONS:-100000}"
CONFIGURATION="${CONFIGURATION:-debug}"
SCRATCH="${SCRATCH:-.build-resp}"
command -v swift >/dev/null 2>&1 || export PATH="$PATH:/opt/swift/usr/bin"

TMP="$(mktemp -d)"
REDIS_PID=""
cleanup() {
    if [ -n "$REDIS_PID" ]; then kill -KILL "$REDIS_PID" 2>/dev/null || true; fi
    rm -rf "$TMP"
}
trap cleanup EXIT

PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$TMP" --daemonize no >"$TMP/redis.log" 2>&1 &
REDIS_PID=$!
for _ in $(seq 1 100); do redis-cli -p "$PORT" ping >/dev/null 2>&1 && break; sleep 0.05; done
redis-cli -p "$PORT" ping >/dev/null || { echo "redis-server did not start" >&2; cat "$TMP/redis.log" >&2; exit 1; }

echo "==> redis-benchmark -P 1 -c 50 -n $OPERATIONS (PING_MBULK, INCR) on port $PORT" >&2
redis-benchmark -p "$PORT" -P 1 -c 50 -n "$OPERATIONS" -t ping_mbulk,incr -q 2>/dev/null | tr '\r' '\n' \
    | grep -E '^(PING_MBULK|INCR): [0-9.]+ requests per second' >"$TMP/baseline.txt"
cat "$TMP/baseline.txt" >&2

echo "==> Spool RESP pool, 50 tasks, $OPERATIONS operations per command ($CONFIGURATION build)" >&2
FLAGS=(--scratch-path "$SCRATCH" --filter RedisThroughputTests)
if [ "$CONFIGURATION" = release ]; then FLAGS+=(-c release -Xswiftc -enable-testing); fi
(cd "$REPO" && RESP_BENCH_PORT="$PORT" RESP_BENCH_OPERATIONS="$OPERATIONS" swift test "${FLAGS[@]}" 2>&1) \
    | grep '^RESP_BENCH ' >"$TMP/spool.txt" || { echo "the throughput test failed" >&2; exit 1; }
cat "$TMP/spool.txt" >&2

python3 - "$TMP/baseline.txt" "$TMP/spool.txt" <<'PY'
import re, sys
baseline = {}
for line in open(sys.argv[1]):
    name, rate = re.match(r"(\w+): ([0-9.]+) requests per second", line).groups()
    baseline["PING" if name == "PING_MBULK" else name] = float(rate)
for line in open(sys.argv[2]):
    name, rate = re.match(r"RESP_BENCH (\w+) .*: (\d+) ops/s", line).groups()
    print(f"{name}: spool {int(rate)} ops/s, redis-benchmark {int(baseline[name])} ops/s, ratio {int(rate) / baseline[name]:.2f}")
PY
