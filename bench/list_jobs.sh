#!/usr/bin/env bash
# List throughput: GET /api/jobs?limit=50 with 100,000 jobs in the database, `wrk -t2 -c50 -d10s
# --latency` with a token, against Node's bare node:http serving the same JSON body from memory
# (bench/node_baseline.js). Prints both req/s and p99 and list_jobs_rps_ratio (goal ≥ 1.0).
#
# Seeding: the server migrates a fresh database, one job is added (and canceled) through the API,
# the server stops, and bench/spool_bench.py copies that row 100,000 times as COMPLETE jobs.
# Environment: SPOOL_BIN (else a release build), JOBS (default 100000), DURATION (default 10s),
# CONNECTIONS (default 50). Runs by hand, not in CI.
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
JOBS="${JOBS:-100000}"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-50}"

bench_init
ensure_apt wrk
command -v node >/dev/null 2>&1 || die "node is needed for the baseline (node 20 is on the image)"
ensure_spool_bin
dir="$BENCH_TMP/spool"
port="$(free_port)"

log "creating the database and a template job"
start_spool "$dir" "$port"
token="$(login_token "$SPOOL_URL")"
template="$(curl -sf -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"url":"http://127.0.0.1:9/video/template.mp4"}' "$SPOOL_URL/api/jobs")"
job_id="$(python3 -c 'import json, sys; j = json.loads(sys.argv[1]); print((j.get("job") or j)["id"])' "$template")"
curl -sf -o /dev/null -X POST -H "Authorization: Bearer $token" "$SPOOL_URL/api/jobs/$job_id/cancel" || true
stop_pid "$SPOOL_PID"

log "seeding $JOBS jobs"
python3 "$PY" seed --db "$dir/spool.sqlite" --count "$JOBS" >/dev/null

start_spool "$dir" "$port"
token="$(login_token "$SPOOL_URL")"
url="$SPOOL_URL/api/jobs?limit=50"
curl -sf -H "Authorization: Bearer $token" "$url" -o "$BENCH_TMP/page.json"
total="$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["total"])' "$BENCH_TMP/page.json")"
log "GET /api/jobs?limit=50: $(stat -c %s "$BENCH_TMP/page.json") bytes, total=$total"

log "wrk against spool ($DURATION, $CONNECTIONS connections)"
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Authorization: Bearer $token" "$url" >"$BENCH_TMP/wrk-spool.txt"
stop_pid "$SPOOL_PID"

node_port="$(free_port)"
node "$BENCH_DIR/node_baseline.js" "$node_port" "$BENCH_TMP/page.json" "$token" >"$BENCH_TMP/node.log" 2>&1 &
track $!
wait_http "http://127.0.0.1:$node_port/" 15
log "wrk against node:http"
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Authorization: Bearer $token" \
    "http://127.0.0.1:$node_port/api/jobs?limit=50" >"$BENCH_TMP/wrk-node.txt"

spool_result="$(python3 "$PY" wrk "$BENCH_TMP/wrk-spool.txt")"
node_result="$(python3 "$PY" wrk "$BENCH_TMP/wrk-node.txt")"
python3 - "$spool_result" "$node_result" "$total" <<'PYTHON'
import json, sys
spool, node, total = json.loads(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3]
print(f"jobs_in_database={total}")
print(f"spool_rps={spool['rps']:.0f} spool_p99_ms={spool['p99_ms']:.2f} spool_non2xx={spool['non2xx']}")
print(f"node_rps={node['rps']:.0f} node_p99_ms={node['p99_ms']:.2f} node_non2xx={node['non2xx']}")
print(f"list_jobs_rps_ratio={spool['rps'] / node['rps']:.3f} (goal >= 1.0)")
print(f"list_jobs_p99_ratio={spool['p99_ms'] / node['p99_ms']:.3f} (spool p99 / node p99; lower is better)")
PYTHON
