#!/usr/bin/env bash
# Regenerates Sources/spool/spool.order, the order in which the release link lays out functions.
#
# Runs a release binary (SPOOL_BIN, else one from scripts/build-release.sh) under callgrind: the start of
# `spool serve` and a while idle, then a user's first minutes (sign-in, the web UI's files, the job
# list, one download from a loopback file server, the event stream). Functions are listed start-up
# first, so the code an idle server has touched sits in as few pages as possible (bench/idle_rss.sh).
# The file only orders: a function it does not name is placed after the named ones, and a name the
# binary no longer has is skipped, so an old file is never wrong, only less effective.
#
# Needs valgrind (installed when missing). Runs by hand, not in CI; takes a few minutes.
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../bench/lib.sh"

bench_init
ensure_apt valgrind valgrind
ensure_media_tools
ensure_spool_bin
PROFILED="$BENCH_TMP/spool"
# Valgrind cannot read the DWARF 5 of the release link; the symbol table is all it needs.
objcopy --strip-debug "$SPOOL_BIN" "$PROFILED"

# Starts the profiled server with its callgrind output in $1; sets VALGRIND_PID and SPOOL_URL.
start_profiled() {
    local out="$1" port dir
    port="$(free_port)"
    dir="$BENCH_TMP/serve-$port"
    mkdir -p "$dir/media"
    env HOST=127.0.0.1 PORT="$port" MEDIA_ROOT="$dir/media" DB_PATH="$dir/spool.sqlite" \
        SPOOL_ADMIN_PASSWORD="$ADMIN_PASSWORD" LOG_LEVEL=warning \
        valgrind --tool=callgrind --demangle=no --callgrind-out-file="$out" "$PROFILED" serve \
        >"$dir/serve.log" 2>&1 &
    VALGRIND_PID=$!
    track "$VALGRIND_PID"
    SPOOL_URL="http://127.0.0.1:$port"
    for _ in $(seq 1 1200); do
        [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$SPOOL_URL/healthz")" == 200 ]] && return 0
        kill -0 "$VALGRIND_PID" 2>/dev/null || { tail -n 30 "$dir/serve.log" >&2; die "spool serve exited under callgrind"; }
        sleep 0.1
    done
    die "spool serve under callgrind did not answer within 120 s"
}

# Stops the profiled server (SIGINT: a graceful stop, after which callgrind writes its file).
stop_profiled() {
    kill -INT "$VALGRIND_PID"
    for _ in $(seq 1 1200); do kill -0 "$VALGRIND_PID" 2>/dev/null || return 0; sleep 0.1; done
    die "spool serve under callgrind did not stop within 120 s"
}

log "1. start-up and 5 s idle"
start_profiled "$BENCH_TMP/startup.out"
sleep 5
stop_profiled

log "2. a user's first minutes: sign-in, web UI, job list, one download"
media="$BENCH_TMP/media"
mkdir -p "$media"
ffmpeg -hide_banner -nostdin -loglevel error -y -f lavfi -i "testsrc2=size=320x240:rate=25" \
    -f lavfi -i "sine=frequency=440" -t 5 -c:v libx264 -preset ultrafast -c:a aac "$media/clip.mp4"
start_file_server "$media"
start_profiled "$BENCH_TMP/use.out"
token="$(login_token "$SPOOL_URL")"
for asset in / /app.css /js/app.js /api/openapi.yaml; do
    curl -s -o /dev/null --max-time 30 "$SPOOL_URL$asset"
done
for path in /api/jobs /api/queue /api/stats /api/settings /metrics; do
    curl -s -o /dev/null --max-time 30 -H "Authorization: Bearer $token" "$SPOOL_URL$path"
done
python3 "$PY" job --server "$SPOOL_URL" --token "$token" --url "$FILE_SERVER_URL/clip.mp4" --timeout 300 >/dev/null
curl -s -o /dev/null --max-time 30 -H "Authorization: Bearer $token" "$SPOOL_URL/api/jobs"
sleep 2
stop_profiled

python3 "$REPO/scripts/order_file.py" "$PROFILED" "$REPO/Sources/spool/spool.order" "$BENCH_TMP/startup.out" "$BENCH_TMP/use.out"
# SwiftPM does not relink for a changed order file: remove the binary so the next build links anew.
rm -f "$(cd "$REPO" && swift build -c release --static-swift-stdlib --show-bin-path)/spool"
log "now rebuild: bash scripts/build-release.sh"
