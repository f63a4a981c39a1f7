#!/usr/bin/env bash
# Time to first progress: POST /api/jobs → first `progress` event on the SSE stream, against a cold
# bare `yt-dlp --newline --progress --progress-template …` → its first progress line on stdout.
# Median of RUNS (default 5) each. Prints first_progress_ratio (goal ≤ 0.4).
#
# Environment: SPOOL_BIN (else a release build), RUNS, JOB_TIMEOUT (default 120 s), SPOOL_VENV.
# Runs by hand, not in CI.
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
RUNS="${RUNS:-5}"
JOB_TIMEOUT="${JOB_TIMEOUT:-120}"

bench_init
ensure_media_tools
ensure_spool_bin
VIDEO="$(bench_video)"
start_file_server "$(dirname "$VIDEO")"
URL="$FILE_SERVER_URL/$(basename "$VIDEO")"

bare=()
for run in $(seq 1 "$RUNS"); do
    dir="$BENCH_TMP/bare-$run"
    mkdir -p "$dir"
    seconds="$(python3 "$PY" first-line --timeout 120 -- yt-dlp --newline --progress \
        --progress-template 'download:%(progress)j' -o "$dir/%(id)s.%(ext)s" -- "$URL?run=$run")"
    log "bare yt-dlp run $run: first progress line after ${seconds}s"
    bare+=("$seconds")
    rm -rf "$dir"
done

start_spool "$BENCH_TMP/spool" "$(free_port)"
token="$(login_token "$SPOOL_URL")"
sleep 2
spool=()
for run in $(seq 1 "$RUNS"); do
    # A distinct query string per run, so no run finds an earlier download; each job is canceled
    # after its first progress event so the next one starts at once.
    seconds="$(python3 "$PY" job --seconds --server "$SPOOL_URL" --token "$token" --url "$URL?run=$run" \
        --until progress --cancel --timeout "$JOB_TIMEOUT")"
    log "spool run $run: first progress event after ${seconds}s"
    spool+=("$seconds")
    sleep 1
done

bare_median="$(python3 "$PY" median "${bare[@]}")"
spool_median="$(python3 "$PY" median "${spool[@]}")"
ratio="$(python3 -c 'import sys; print(f"{float(sys.argv[1]) / float(sys.argv[2]):.3f}")' "$spool_median" "$bare_median")"
printf 'bare_ytdlp_first_progress_seconds=%s (runs: %s)\n' "$bare_median" "${bare[*]}"
printf 'spool_post_to_first_progress_seconds=%s (runs: %s)\n' "$spool_median" "${spool[*]}"
printf 'first_progress_ratio=%s (goal <= 0.4)\n' "$ratio"
