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
ensure_apt valgrind
ensure_media_tools
ensure_spool_bin
PROFILED="$BENCH_TMP/spool"
# Valgrind cannot read the DWARF 5 of the release link; the symbol table is all it needs.
objcopy --strip-debug "$SPOOL_BIN" "$PROFILED"
# start_spool runs $SPOOL_BIN: here, the binary under callgrind, writing to $CALLGRIND_OUT.
SPOOL_BIN="$BENCH_TMP/spool-under-callgrind"
cat >"$SPOOL_BIN" <<SCRIPT
#!/bin/sh
exec valgrind --tool=callgrind --demangle=no --callgrind-out-file="\$CALLGRIND_OUT" "$PROFILED" "\$@"
SCRIPT
chmod +x "$SPOOL_BIN"
# A graceful stop under callgrind takes seconds; callgrind writes its file at the end.
STOP_GRACE=120

log "1. start-up and 5 s idle"
start_spool "$BENCH_TMP/idle" "$(free_port)" CALLGRIND_OUT="$BENCH_TMP/startup.out"
sleep 5
stop_pid "$SPOOL_PID" "$STOP_GRACE"

log "2. a user's first minutes: sign-in, web UI, job list, one download"
media="$BENCH_TMP/media"
mkdir -p "$media"
ffmpeg -hide_banner -nostdin -loglevel error -y -f lavfi -i "testsrc2=size=320x240:rate=25" \
    -f lavfi -i "sine=frequency=440" -t 5 -c:v libx264 -preset ultrafast -c:a aac "$media/clip.mp4"
start_file_server "$media"
start_spool "$BENCH_TMP/use" "$(free_port)" CALLGRIND_OUT="$BENCH_TMP/use.out"
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
stop_pid "$SPOOL_PID" "$STOP_GRACE"

python3 "$REPO/scripts/order_file.py" "$PROFILED" "$REPO/Sources/spool/spool.order" "$BENCH_TMP/startup.out" "$BENCH_TMP/use.out"
log "now rebuild: bash scripts/build-release.sh (it relinks for the new order)"
