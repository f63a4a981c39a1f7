#!/usr/bin/env bash
# Redis queue throughput: no-op jobs/s (enqueue + claim + ack, 50 concurrent) of Spool's
# RedisQueueDriver, against BullMQ's Python package on the same redis-server in the same run,
# and against a `redis-benchmark` lifecycle ceiling: one job costs three round trips (Spool's
# enqueue, claim and complete scripts), so the ceiling is 1 / (3 / EVALSHA-rate) with the rate of
# a trivial script at -c 50 -P 1 (the server-side cost of the round trips, none of the work).
#
# Spool's side is bench/queue/main.swift, built in release mode as a small package (bench/queue/
# QueueBenchPackage.swift) in bench/out/queue-bench linking Sources/{RESP,SpoolCore,SpoolQueue,
# SpoolRedis}. Environment: JOBS (default 20000), RUNS (default 3), CONCURRENCY (default 50).
# Runs by hand, not in CI.
set -euo pipefail
BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCH_DIR/.." && pwd)"
OUT="${BENCH_OUT:-$BENCH_DIR/out}"
JOBS="${JOBS:-20000}"
RUNS="${RUNS:-3}"
CONCURRENCY="${CONCURRENCY:-50}"
PY="${SPOOL_VENV:-$REPO/.venv}/bin/python"
command -v swift >/dev/null 2>&1 || export PATH="$PATH:/opt/swift/usr/bin"

PACKAGE="$OUT/queue-bench"
mkdir -p "$PACKAGE/Sources/QueueBench"
cp "$BENCH_DIR/queue/QueueBenchPackage.swift" "$PACKAGE/Package.swift"
cp "$BENCH_DIR/queue/main.swift" "$PACKAGE/Sources/QueueBench/main.swift"
for target in RESP SpoolCore SpoolQueue SpoolRedis; do ln -sfn "$REPO/Sources/$target" "$PACKAGE/Sources/$target"; done
echo "==> building the client (release)" >&2
(cd "$PACKAGE" && swift build -c release --product QueueBench >"$OUT/queue-bench-build.log" 2>&1) \
    || { tail -20 "$OUT/queue-bench-build.log" >&2; exit 1; }
CLIENT="$PACKAGE/.build/release/QueueBench"

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

PORT="$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$TMP" --daemonize no >"$TMP/redis.log" 2>&1 &
REDIS_PID=$!
for _ in $(seq 1 100); do redis-cli -p "$PORT" ping >/dev/null 2>&1 && break; sleep 0.05; done
redis-cli -p "$PORT" ping >/dev/null || { echo "redis-server did not start" >&2; cat "$TMP/redis.log" >&2; exit 1; }
URL="redis://127.0.0.1:$PORT"

SHA="$(redis-cli -p "$PORT" SCRIPT LOAD "return 1")"
for run in $(seq 1 "$RUNS"); do
    echo "==> round $run/$RUNS" >&2
    "$CLIENT" "$URL" "$JOBS" "$CONCURRENCY" | sed 's/^/spool /' >>"$TMP/results"
    "$PY" "$BENCH_DIR/queue_bullmq.py" "$URL" "$JOBS" "$CONCURRENCY" | sed 's/^/bullmq /' >>"$TMP/results"
    redis-benchmark -p "$PORT" -c "$CONCURRENCY" -P 1 -n 200000 -q EVALSHA "$SHA" 0 \
        | tr '\r' '\n' | grep -o '[0-9.]* requests per second' | sed 's/^/ceiling /' >>"$TMP/results"
    redis-cli -p "$PORT" FLUSHALL >/dev/null
done

"$PY" - "$TMP/results" <<'PY'
import json, statistics, sys
spool, bullmq, evalsha = [], [], []
for line in open(sys.argv[1]):
    kind, rest = line.split(" ", 1)
    if kind == "spool": spool.append(json.loads(rest)["jobsPerSecond"])
    elif kind == "bullmq": bullmq.append(json.loads(rest)["jobsPerSecond"])
    elif kind == "ceiling": evalsha.append(float(rest.split()[0]))
s, b, e = statistics.median(spool), statistics.median(bullmq), statistics.median(evalsha)
ceiling = e / 3
print(f"spool  {s:10.0f} jobs/s  (runs: {', '.join(f'{x:.0f}' for x in spool)})")
print(f"bullmq {b:10.0f} jobs/s  (runs: {', '.join(f'{x:.0f}' for x in bullmq)})")
print(f"ceiling {ceiling:9.0f} jobs/s  (EVALSHA {e:.0f}/s over 3 round trips per job)")
print(f"spool / bullmq  = {s / b:.2f}   (goal >= 3)")
print(f"spool / ceiling = {s / ceiling:.2f}   (goal >= 0.5)")
PY
