#!/usr/bin/env bash
# Pipeline overhead: POST /api/jobs → COMPLETE for a ~160 MB MP4 on loopback, against bare yt-dlp
# downloading the same file, median of 3 each. Prints pipeline_overhead_ratio (goal ≤ 1.05).
#
# Environment: SPOOL_BIN (else a release build), RUNS (default 3), JOB_TIMEOUT (default 600 s),
# SPOOL_VENV, BENCH_KEEP=1 keeps the scratch folder. Runs by hand, not in CI.
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
RUNS="${RUNS:-3}"
JOB_TIMEOUT="${JOB_TIMEOUT:-600}"

bench_init
ensure_media_tools
ensure_spool_bin
VIDEO="$(bench_video)"
SIZE_MB=$(( $(stat -c %s "$VIDEO") / 1000000 ))
start_file_server "$(dirname "$VIDEO")"
URL="$FILE_SERVER_URL/$(basename "$VIDEO")"
log "file: $VIDEO (${SIZE_MB} MB) at $URL"

bare=()
for run in $(seq 1 "$RUNS"); do
    dir="$BENCH_TMP/bare-$run"
    mkdir -p "$dir"
    seconds="$(python3 "$PY" run --timeout 600 -- yt-dlp --quiet --no-progress -o "$dir/%(id)s.%(ext)s" -- "$URL")"
    log "bare yt-dlp run $run: ${seconds}s"
    bare+=("$seconds")
    rm -rf "$dir"
done

spool=()
for run in $(seq 1 "$RUNS"); do
    dir="$BENCH_TMP/spool-$run"
    start_spool "$dir" "$(free_port)"
    token="$(login_token "$SPOOL_URL")"
    # Let the server settle (warm helpers start after /healthz answers).
    sleep 2
    seconds="$(python3 "$PY" job --seconds --server "$SPOOL_URL" --token "$token" --url "$URL" --container mp4 --until complete --timeout "$JOB_TIMEOUT")"
    log "spool run $run: ${seconds}s"
    spool+=("$seconds")
    stop_pid "$SPOOL_PID"
    rm -rf "$dir"
done

bare_median="$(python3 "$PY" median "${bare[@]}")"
spool_median="$(python3 "$PY" median "${spool[@]}")"
ratio="$(python3 -c 'import sys; print(f"{float(sys.argv[1]) / float(sys.argv[2]):.3f}")' "$spool_median" "$bare_median")"
printf 'file_mb=%s runs=%s\n' "$SIZE_MB" "$RUNS"
printf 'bare_ytdlp_seconds=%s (runs: %s)\n' "$bare_median" "${bare[*]}"
printf 'spool_post_to_complete_seconds=%s (runs: %s)\n' "$spool_median" "${spool[*]}"
printf 'pipeline_overhead_ratio=%s (goal <= 1.05)\n' "$ratio"
