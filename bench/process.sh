#!/usr/bin/env bash
# Post-processing (the PROCESSING stage), the two measures of issue 11:
#
# 1. Stage overhead: a generated 1080p H.264/AAC clip (CLIP_SECONDS, default 30 s) served on
#    loopback, added to `spool serve` with a stored processing profile (720p h264 veryfast, never
#    copied, original kept); the job's PROCESSING wall (its state_change events, PROCESSING → next)
#    against the ffmpeg command line Spool logged for it, run bare on the same downloaded file with
#    its output rewritten to a scratch file. Both run at niceness STAGE_NICE (default 0: Spool with
#    PROCESSING_NICE=0, the bare ffmpeg at nice 0). Interleaved, medians of ROUNDS.
#    Prints process_stage_overhead_ratio (goal <= 1.05).
# 2. Downloads never wait on processing: a large MP4 (the 160 MB bench video copied BIG_COPIES=3
#    times over, ~475 MB) downloaded by Spool alone, and while a transcode job of the clip (1080p
#    hevc medium, never copied) is in PROCESSING with percent > 0; the download's speed is its size
#    over its DOWNLOADING wall. The transcode is cancelled after each download (no ffmpeg may be
#    left). Once with PROCESSING_NICE=10 (the default) and once with 0 (DOWNLOAD_NICES), a fresh
#    server for each. Prints process_download_speed_ratio (goal >= 0.9) and ..._nice0.
#
# Environment: SPOOL_BIN (else a release build), ROUNDS (default 5), CLIP_SECONDS (30),
# STAGE_NICE (0), DOWNLOAD_NICES ("10 0"), BIG_COPIES (3), RATE (bytes/s per connection of the large
# file's server, 40000000; 0 unthrottled), WARMUP (5 s), ONLY (stage | download: one measure),
# SETTLE (seconds after login, 2), SPOOL_VENV, BENCH_KEEP=1 keeps the scratch folder and copies
# each server's log to bench/out/process/. Runs by hand, not in CI.
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROUNDS="${ROUNDS:-5}"
CLIP_SECONDS="${CLIP_SECONDS:-30}"
STAGE_NICE="${STAGE_NICE:-0}"
DOWNLOAD_NICES="${DOWNLOAD_NICES:-10 0}"
BIG_COPIES="${BIG_COPIES:-3}"
# The large file comes from a server sending RATE bytes/s per connection (0: unthrottled), so a
# download lasts long enough (~12 s at 40 MB/s) to overlap a transcode at full speed.
RATE="${RATE:-40000000}"
# Seconds a transcode runs (after its first progress) before the download starts: x265 takes a
# few seconds to reach both cores.
WARMUP="${WARMUP:-5}"
ONLY="${ONLY:-}"
SETTLE="${SETTLE:-2}"
DRIVER="$BENCH_DIR/process_driver.py"
PDIR="$OUT/process"
CLIP="$PDIR/clip-1080p-${CLIP_SECONDS}s.mp4"
BIG="$PDIR/big-${BIG_COPIES}x.mp4"
STAGE_PROFILE='{"quality":"720p","codec":"h264","preset":"veryfast","copyWhenCompliant":false,"keepOriginal":true}'
SLOW_PROFILE='{"quality":"1080p","codec":"hevc","preset":"medium","copyWhenCompliant":false,"keepOriginal":true}'

# The server whose process tree is running now; stopped (with every descendant) on exit.
CURRENT_SERVER=""
process_cleanup() {
    if [[ -n "$CURRENT_SERVER" ]]; then python3 "$DRIVER" stop-tree "$CURRENT_SERVER" >/dev/null 2>&1 || true; fi
    bench_cleanup
}

# Starts a fresh server (data folder $1) with PROCESSING_NICE=$2; sets TOKEN and SERVER_DIR.
start_server() {
    SERVER_DIR="$1"
    start_spool "$SERVER_DIR" "$(free_port)" PROCESSING_NICE="$2" SITE_DOWNLOAD_SLEEP=0
    CURRENT_SERVER="$SPOOL_PID"
    TOKEN="$(login_token "$SPOOL_URL")"   # a login also wakes the warm yt-dlp
    sleep "$SETTLE"
}

# Stops the current server and its descendants, and forgets its pid.
stop_server() {
    python3 "$DRIVER" stop-tree "$CURRENT_SERVER" >&2
    local kept=() pid
    for pid in "${BENCH_PIDS[@]}"; do [[ "$pid" == "$CURRENT_SERVER" ]] || kept+=("$pid"); done
    BENCH_PIDS=("${kept[@]}")
    CURRENT_SERVER=""
    if [[ -n "${BENCH_KEEP:-}" ]]; then cp "$SERVER_DIR/serve.log" "$PDIR/serve-$(basename "$SERVER_DIR").log"; fi
    rm -rf "$SERVER_DIR"
}

# A 1080p30 H.264/AAC clip (testsrc2 + a sine), made once.
make_clip() {
    [[ -s "$CLIP" ]] && return
    log "generating $CLIP (once; cached)"
    ffmpeg -hide_banner -nostdin -loglevel error -y \
        -f lavfi -i "testsrc2=size=1920x1080:rate=30" -f lavfi -i "sine=frequency=440:sample_rate=48000" \
        -t "$CLIP_SECONDS" -c:v libx264 -preset veryfast -b:v 8M -g 60 -pix_fmt yuv420p \
        -c:a aac -b:a 128k -ac 2 -movflags +faststart "$CLIP.part.mp4"
    mv "$CLIP.part.mp4" "$CLIP"
}

# The 160 MB bench video BIG_COPIES times over, by stream copy, made once.
make_big() {
    [[ -s "$BIG" ]] && return
    local video
    video="$(bench_video)"
    log "generating $BIG ($BIG_COPIES copies of $(basename "$video"); once; cached)"
    ffmpeg -hide_banner -nostdin -loglevel error -y -stream_loop $((BIG_COPIES - 1)) -i "$video" \
        -c copy -movflags +faststart "$BIG.part.mp4"
    mv "$BIG.part.mp4" "$BIG"
}

measure_stage() {
    log "stage overhead: $ROUNDS rounds, Spool PROCESSING_NICE=$STAGE_NICE, bare ffmpeg at nice $STAGE_NICE"
    start_server "$BENCH_TMP/spool-stage" "$STAGE_NICE"
    python3 "$DRIVER" profile --server "$SPOOL_URL" --token "$TOKEN" --name bench --body "$STAGE_PROFILE"
    local command="$BENCH_TMP/command.json" round show=(--show)
    spool_round() {
        python3 "$DRIVER" stage --server "$SPOOL_URL" --token "$TOKEN" --url "$CLIP_URL" --profile bench \
            --round "$1" --command-out "$command" >>"$RESULTS"
    }
    bare_round() {
        python3 "$DRIVER" bare --command-file "$command" --scratch "$BENCH_TMP" --nice "$STAGE_NICE" \
            --round "$1" "${show[@]}" >>"$RESULTS"
        show=()
    }
    for round in $(seq 1 "$ROUNDS"); do
        # The two sides take turns going first; the bare run of an even round uses the command
        # line (and the downloaded file) of the round before.
        if (( round % 2 )); then spool_round "$round"; bare_round "$round"; else bare_round "$round"; spool_round "$round"; fi
    done
    stop_server
}

measure_downloads() {
    local niceness round
    for niceness in $DOWNLOAD_NICES; do
        log "downloads during a transcode: $ROUNDS rounds, PROCESSING_NICE=$niceness"
        start_server "$BENCH_TMP/spool-download-nice$niceness" "$niceness"
        python3 "$DRIVER" profile --server "$SPOOL_URL" --token "$TOKEN" --name slow --body "$SLOW_PROFILE"
        local common=(--server "$SPOOL_URL" --token "$TOKEN" --pid "$SPOOL_PID" --url "$BIG_URL" --bytes "$BIG_BYTES" --nice "$niceness")
        local during=(--during --transcode-url "$CLIP_URL" --transcode-profile slow --warmup "$WARMUP")
        for round in $(seq 1 "$ROUNDS"); do
            if (( round % 2 )); then
                python3 "$DRIVER" download "${common[@]}" --round "$round" >>"$RESULTS"
                python3 "$DRIVER" download "${common[@]}" "${during[@]}" --round "$round" >>"$RESULTS"
            else
                python3 "$DRIVER" download "${common[@]}" "${during[@]}" --round "$round" >>"$RESULTS"
                python3 "$DRIVER" download "${common[@]}" --round "$round" >>"$RESULTS"
            fi
        done
        stop_server
    done
}

bench_init
trap process_cleanup EXIT
ensure_media_tools
ensure_spool_bin
mkdir -p "$PDIR"
make_clip
[[ "$ONLY" == stage ]] || make_big
start_file_server "$PDIR"
CLIP_URL="$FILE_SERVER_URL/$(basename "$CLIP")"
BIG_URL="$FILE_SERVER_URL/$(basename "$BIG")"
if [[ "$ONLY" != stage && "$RATE" != 0 ]]; then
    BIG_PORT="$(free_port)"
    python3 "$BENCH_DIR/throttled_http.py" --directory "$PDIR" --port "$BIG_PORT" --rate "$RATE" &
    track $!
    BIG_URL="http://127.0.0.1:$BIG_PORT/$(basename "$BIG")"
    wait_http "http://127.0.0.1:$BIG_PORT/" 15
fi
BIG_BYTES="$(stat -c %s "$BIG" 2>/dev/null || echo 0)"
RESULTS="$PDIR/results-$(date +%Y%m%d-%H%M%S).jsonl"
log "spool: $SPOOL_BIN"
log "clip $CLIP_URL ($(( $(stat -c %s "$CLIP") / 1000000 )) MB); large file $BIG_URL ($(( BIG_BYTES / 1000000 )) MB); results: $RESULTS"

[[ "$ONLY" == download ]] || measure_stage
[[ "$ONLY" == stage ]] || measure_downloads

python3 "$DRIVER" report "$RESULTS"
