#!/usr/bin/env bash
# Direct-file fast path: a ~256 MiB MP4 from a loopback file server (bench/range_server.py: ranges,
# ETag, keep-alive), Spool's job (POST /api/jobs → COMPLETE, fast path, DIRECT_CONNECTIONS=4)
# against bare yt-dlp and `aria2c -x4 -s4 -k1M` fetching the same URL; first unthrottled, then with
# every connection limited to RATE bytes/s (default 8 MiB/s). Medians of RUNS (default 3) interleaved
# runs. Also prints Spool's transfer time alone (the job log's "direct download" line → "saved").
#
# Goals: unthrottled ≤ 0.7× yt-dlp and ≤ 1.1× aria2c; throttled ≤ 1.2× aria2c and ≤ 0.35× yt-dlp.
#
# Environment: SPOOL_BIN (else a release build), RUNS, RATE, SKIP_THROTTLED=1, SPOOL_VENV,
# BENCH_KEEP=1 keeps the scratch folder. Needs aria2c (installed from apt when missing).
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
RUNS="${RUNS:-3}"
RATE="${RATE:-8388608}"
JOB_TIMEOUT="${JOB_TIMEOUT:-900}"

bench_init
ensure_media_tools
ensure_apt aria2c aria2
ensure_spool_bin

# Creates (once) a ~256 MiB constant-bitrate H.264/AAC MP4 under $OUT and prints its path.
bench_video_256() {
    local file="$OUT/bench-256M.mp4"
    if [[ ! -s "$file" ]]; then
        log "generating $file with ffmpeg (once; cached)"
        # 64 s at ~33 Mbit/s (x264 filler data keeps the rate constant) ≈ 256 MiB.
        ffmpeg -hide_banner -nostdin -loglevel error -y \
            -f lavfi -i "testsrc2=size=1280x720:rate=25" -f lavfi -i "sine=frequency=440:sample_rate=48000" \
            -t 64 -c:v libx264 -preset ultrafast -b:v 33300k -minrate 33300k -maxrate 33300k -bufsize 8M \
            -x264-params "nal-hrd=cbr:force-cfr=1" -c:a aac -b:a 128k -movflags +faststart \
            "$file.part.mp4"
        mv "$file.part.mp4" "$file"
    fi
    printf '%s\n' "$file"
}

# Starts range_server.py on a free port for folder $1 (rate $2, empty = unlimited); sets RANGE_URL.
# (Not in a command substitution: the server's pid must be tracked by this shell.)
start_range_server() {
    local dir="$1" rate="$2" port
    port="$(free_port)"
    python3 "$BENCH_DIR/range_server.py" --port "$port" --directory "$dir" ${rate:+--rate "$rate"} >"$BENCH_TMP/range-$port.log" 2>&1 &
    track $!
    wait_http "http://127.0.0.1:$port/" 15
    RANGE_URL="http://127.0.0.1:$port"
}

VIDEO="$(bench_video_256)"
SIZE=$(stat -c %s "$VIDEO")
NAME="$(basename "$VIDEO")"
start_range_server "$(dirname "$VIDEO")" ""
FAST_URL="$RANGE_URL/$NAME"
start_range_server "$(dirname "$VIDEO")" "$RATE"
SLOW_URL="$RANGE_URL/$NAME"
log "file: $VIDEO ($((SIZE / 1048576)) MiB); unthrottled $FAST_URL, throttled ($((RATE / 1048576)) MiB/s per connection) $SLOW_URL"

ratio() { python3 -c 'import sys; print(f"{float(sys.argv[1]) / float(sys.argv[2]):.3f}")' "$1" "$2"; }
# Prints field $2 of the JSON object $1 (numbers with four decimals).
json_field() { python3 -c 'import json, sys; v = json.loads(sys.argv[1])[sys.argv[2]]; print(f"{v:.4f}" if isinstance(v, float) else v)' "$1" "$2"; }

# One scenario: prints "<ytdlp median> <aria2 median> <spool median> <spool transfer median>" and logs runs.
measure() {
    local url="$1" label="$2" run dir seconds answer id token
    local ytdlp=() aria=() spool=() transfer=()
    for run in $(seq 1 "$RUNS"); do
        dir="$BENCH_TMP/ytdlp-$label-$run"; mkdir -p "$dir"
        seconds="$(python3 "$PY" run --timeout 900 -- yt-dlp --quiet --no-progress -o "$dir/%(id)s.%(ext)s" -- "$url")"
        log "$label run $run: yt-dlp ${seconds}s"; ytdlp+=("$seconds"); rm -rf "$dir"

        dir="$BENCH_TMP/aria-$label-$run"; mkdir -p "$dir"
        seconds="$(python3 "$PY" run --timeout 900 -- aria2c -x4 -s4 -k1M --quiet=true --allow-overwrite=true \
            --auto-file-renaming=false -d "$dir" -o "$NAME" "$url")"
        log "$label run $run: aria2c ${seconds}s"; aria+=("$seconds"); rm -rf "$dir"

        dir="$BENCH_TMP/spool-$label-$run"
        start_spool "$dir" "$(free_port)" DIRECT_CONNECTIONS=4
        token="$(login_token "$SPOOL_URL")"
        sleep 2
        answer="$(python3 "$PY" job --server "$SPOOL_URL" --token "$token" --url "$url" --container mp4 --until complete --timeout "$JOB_TIMEOUT")"
        seconds="$(json_field "$answer" complete)"
        id="$(json_field "$answer" jobId)"
        spool+=("$seconds")
        transfer+=("$(python3 "$PY" logspan --server "$SPOOL_URL" --token "$token" --job "$id" --start "direct download (no yt-dlp)" --end "saved ")")
        log "$label run $run: spool ${seconds}s (transfer and store ${transfer[-1]}s)"
        stop_pid "$SPOOL_PID"
        rm -rf "$dir"
    done
    printf '%s %s %s %s\n' "$(python3 "$PY" median "${ytdlp[@]}")" "$(python3 "$PY" median "${aria[@]}")" \
        "$(python3 "$PY" median "${spool[@]}")" "$(python3 "$PY" median "${transfer[@]}")"
    log "$label runs: yt-dlp ${ytdlp[*]} | aria2c ${aria[*]} | spool ${spool[*]} | spool transfer ${transfer[*]}"
}

read -r y a s t < <(measure "$FAST_URL" unthrottled)
printf 'file_bytes=%s runs=%s\n' "$SIZE" "$RUNS"
printf 'unthrottled: ytdlp=%ss aria2c=%ss spool_post_to_complete=%ss spool_transfer=%ss\n' "$y" "$a" "$s" "$t"
printf 'unthrottled_spool_vs_ytdlp=%s (goal <= 0.7)\n' "$(ratio "$s" "$y")"
printf 'unthrottled_spool_vs_aria2c=%s (goal <= 1.1)\n' "$(ratio "$s" "$a")"
if [[ -z "${SKIP_THROTTLED:-}" ]]; then
    read -r y a s t < <(measure "$SLOW_URL" throttled)
    printf 'throttled (%s B/s per connection): ytdlp=%ss aria2c=%ss spool_post_to_complete=%ss spool_transfer=%ss\n' "$RATE" "$y" "$a" "$s" "$t"
    printf 'throttled_spool_vs_aria2c=%s (goal <= 1.2)\n' "$(ratio "$s" "$a")"
    printf 'throttled_spool_vs_ytdlp=%s (goal <= 0.35)\n' "$(ratio "$s" "$y")"
fi
