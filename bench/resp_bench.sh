#!/usr/bin/env bash
# RESP client throughput: 50 concurrent tasks on a RedisConnectionPool sending PING, SET and INCR,
# against `redis-benchmark -P 1 -c 50` on the same redis-server in the same run, RUNS rounds
# alternating the two. Prints the median ops/s of each and the ratio (Spool / redis-benchmark).
#
# The client is bench/resp/main.swift, built in release mode as a small package (bench/resp/
# BenchPackage.swift) in bench/out/resp-bench that links Sources/RESP, swift-nio and swift-log only.
# Note: 50 tasks share POOL_SIZE connections, so commands from different tasks are pipelined on
# each connection; redis-benchmark keeps 50 connections with one command in flight each.
#
# Environment: OPERATIONS (default 200000 per command), RUNS (default 3), POOL_SIZE (default 4).
# Runs by hand, not in CI.
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCH_DIR/.." && pwd)"
OUT="${BENCH_OUT:-$BENCH_DIR/out}"
OPERATIONS="${OPERATIONS:-200000}"
RUNS="${RUNS:-3}"
POOL_SIZE="${POOL_SIZE:-4}"
command -v swift >/dev/null 2>&1 || export PATH="$PATH:/opt/swift/usr/bin"

PACKAGE="$OUT/resp-bench"
mkdir -p "$PACKAGE/Sources/RESPBench"
cp "$BENCH_DIR/resp/BenchPackage.swift" "$PACKAGE/Package.swift"
cp "$BENCH_DIR/resp/main.swift" "$PACKAGE/Sources/RESPBench/main.swift"
ln -sfn "$REPO/Sources/RESP" "$PACKAGE/Sources/RESP"
echo "==> building the client (release)" >&2
(cd "$PACKAGE" && swift build -c release --product RESPBench >"$OUT/resp-bench-build.log" 2>&1) \
    || { tail -20 "$OUT/resp-bench-build.log" >&2; exit 1; }
CLIENT="$PACKAGE/.build/release/RESPBench"

TMP="$(mktemp -d)"
REDIS_PID=""
cleanup() {
    if [ -n "$REDIS_PID" ]; then
        kill -KILL "$REDIS_PID" 2>/dev/null || true
        wait "$REDIS_PID" 2>/dev/null || true
    fi
    rm -rf "$TMP"
}
trap cleanup EXIT

PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$TMP" --daemonize no >"$TMP/redis.log" 2>&1 &
REDIS_PID=$!
for _ in $(seq 1 100); do redis-cli -p "$PORT" ping >/dev/null 2>&1 && break; sleep 0.05; done
redis-cli -p "$PORT" ping >/dev/null || { echo "redis-server did not start" >&2; cat "$TMP/redis.log" >&2; exit 1; }

for run in $(seq 1 "$RUNS"); do
    echo "==> round $run/$RUNS: redis-benchmark -P 1 -c 50 -n $OPERATIONS, then Spool's pool ($POOL_SIZE connections, 50 tasks)" >&2
    redis-benchmark -p "$PORT" -P 1 -c 50 -n "$OPERATIONS" -t ping_mbulk,set,incr -q 2>/dev/null | tr '\r' '\n' \
        | sed -nE 's/^(PING_MBULK|SET|INCR): ([0-9.]+) requests per second.*/baseline \1 \2/p' | sed 's/PING_MBULK/PING/' >>"$TMP/results.txt"
    "$CLIENT" "$PORT" "$OPERATIONS" "$POOL_SIZE" | sed -nE 's/^RESP_BENCH ([A-Z]+) [0-9]+ ([0-9]+)$/spool \1 \2/p' >>"$TMP/results.txt"
done

python3 - "$TMP/results.txt" <<'PY'
import statistics, sys
rates = {}
for line in open(sys.argv[1]):
    side, command, rate = line.split()
    rates.setdefault((side, command), []).append(float(rate))
for command in ["PING", "SET", "INCR"]:
    spool = statistics.median(rates[("spool", command)])
    base = statistics.median(rates[("baseline", command)])
    print(f"{command}: spool {spool:,.0f} ops/s, redis-benchmark {base:,.0f} ops/s, ratio {spool / base:.2f}")
PY
