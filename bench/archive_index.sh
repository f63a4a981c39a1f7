#!/usr/bin/env bash
# Followed-source indexing: an RSS 2.0 feed of ITEMS items (default 2,000) served on loopback,
# added to Spool as a source with backlog "none" (the first index stores every item as seen and
# downloads nothing), against a bare `yt-dlp --flat-playlist -J` of the same feed. Per round: the
# wall time from POST /api/sources to status.lastFullIndexAt and the peak PSS of Spool's whole
# process tree (server, warm yt-dlp fork server, its children), against yt-dlp's wall time and peak
# PSS; then 5 new items on top of the feed and a check (POST /api/sources/{id}/sync → lastCheckAt
# changes), whose 5 downloads (a real small MP4) must succeed. Once more at LARGE_ITEMS (default
# 20,000) items, index only, to show that memory stays bounded. Medians over ROUNDS.
# Prints archive_index_time_ratio (goal <= 1.2) and archive_incremental_ratio (goal <= 0.1).
#
# Environment:
#   SPOOL_BIN (else a release build; SPOOL_BUILD=debug for a debug one), SPOOL_VENV (where yt-dlp
#   is), ROUNDS (default 5), ITEMS (2000), NEW_ITEMS (5), LARGE_ITEMS (20000; 0 skips that run),
#   POLL (seconds between status polls, default 0.02; LARGE_POLL for the large run, default 0.25),
#   SCHEDULER_WORKAROUND (default 1: the large run's source is created disabled, see the README;
#   0 creates it enabled), LINES_BASELINE=1 also times `yt-dlp --flat-playlist --lazy-playlist
#   --dump-json` (the listing Spool runs, as a cold process), BENCH_LOG_LEVEL (Spool's LOG_LEVEL,
#   default warning; debug shows the listing's start and end), BENCH_KEEP=1 keeps the scratch
#   folder and copies each server's log to bench/out/archive/. Runs by hand, not in CI.
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROUNDS="${ROUNDS:-5}"
ITEMS="${ITEMS:-2000}"
NEW_ITEMS="${NEW_ITEMS:-5}"
LARGE_ITEMS="${LARGE_ITEMS:-20000}"
SETTLE="${SETTLE:-2}"
POLL="${POLL:-0.02}"
LARGE_POLL="${LARGE_POLL:-0.25}"
SCHEDULER_WORKAROUND="${SCHEDULER_WORKAROUND:-1}"
DRIVER="$BENCH_DIR/archive_driver.py"
CLIP="$OUT/archive/clip.mp4"

# The server whose process tree is running now; stopped (with every descendant) on exit.
CURRENT_SERVER=""
archive_cleanup() {
    if [[ -n "$CURRENT_SERVER" ]]; then python3 "$DRIVER" stop-tree "$CURRENT_SERVER" >/dev/null 2>&1 || true; fi
    bench_cleanup
}

# Stops the current server and its descendants, and forgets its pid.
stop_server() {
    python3 "$DRIVER" stop-tree "$CURRENT_SERVER" >&2
    local kept=() pid
    for pid in "${BENCH_PIDS[@]}"; do [[ "$pid" == "$CURRENT_SERVER" ]] || kept+=("$pid"); done
    BENCH_PIDS=("${kept[@]}")
    CURRENT_SERVER=""
}

# A 2 s 160×90 H.264/AAC MP4 (~30 KB), made once: every item's enclosure.
make_clip() {
    [[ -s "$CLIP" ]] && return
    mkdir -p "$(dirname "$CLIP")"
    log "generating $CLIP (once; cached)"
    ffmpeg -hide_banner -nostdin -loglevel error -y \
        -f lavfi -i "testsrc2=size=160x90:rate=25" -f lavfi -i "sine=frequency=440:sample_rate=48000" \
        -t 2 -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -b:a 64k -movflags +faststart "$CLIP.part.mp4"
    mv "$CLIP.part.mp4" "$CLIP"
}

# Writes the feed of $1 items (no new ones) to the served folder.
write_feed() {
    python3 "$DRIVER" feed --out "$WWW/feed.xml" --count "$1" --media "$MEDIA_URL" --media-length "$CLIP_BYTES"
}

run_ytdlp() {
    local items="$1" round="$2" lines=()
    [[ "${3:-}" == lines ]] && lines=(--lines)
    write_feed "$items"
    sync; sleep 1
    python3 "$DRIVER" ytdlp --feed "$FEED_URL" --count "$items" --round "$round" --ytdlp "$YTDLP" \
        --output "$BENCH_TMP/ytdlp-out.json" "${lines[@]}" >>"$RESULTS"
}

run_spool() {
    local items="$1" round="$2" options=(--poll "$POLL") dir="$BENCH_TMP/spool-$1-r$2"
    if [[ "${3:-}" == large ]]; then
        # Each status poll makes Spool count all the source's items (~10 ms of CPU at 20,000):
        # polled every 20 ms, that would take half a core from the index it measures.
        options=(--poll "$LARGE_POLL" --no-incremental)
        # An index longer than the scheduler's 30 s tick is queued again while it runs (the source
        # is due from its creation), which takes the running check's lease; a disabled source is
        # left alone by the scheduler and indexed the same way. SCHEDULER_WORKAROUND=0 shows it.
        if [[ "$SCHEDULER_WORKAROUND" == 1 ]]; then options+=(--disabled); fi
    fi
    write_feed "$items"
    sync; sleep 1
    # No politeness pause before the 5 downloads: they run after the measured check, and the
    # pause (SITE_DOWNLOAD_SLEEP, 5-10 s each by default) would only lengthen the round.
    start_spool "$dir" "$(free_port)" SITE_DOWNLOAD_SLEEP=0
    CURRENT_SERVER="$SPOOL_PID"
    local token
    token="$(login_token "$SPOOL_URL")"   # a login also wakes the warm yt-dlp
    sleep "$SETTLE"
    python3 "$DRIVER" spool --server "$SPOOL_URL" --token "$token" --pid "$SPOOL_PID" --feed "$FEED_URL" \
        --feed-file "$WWW/feed.xml" --media "$MEDIA_URL" --media-length "$CLIP_BYTES" --count "$items" \
        --new "$NEW_ITEMS" --round "$round" "${options[@]}" >>"$RESULTS"
    stop_server
    if grep -q "lease lost" "$dir/serve.log"; then
        log "WARNING: the sync task's lease was lost in this run (a check queued again while it ran):"
        grep "lease lost" "$dir/serve.log" >&2
    fi
    if [[ -n "${BENCH_KEEP:-}" ]]; then cp "$dir/serve.log" "$OUT/archive/serve-$items-r$round.log"; fi
    rm -rf "$dir"
}

bench_init
trap archive_cleanup EXIT
ensure_media_tools
ensure_spool_bin
YTDLP="$VENV/bin/yt-dlp"
[[ -x "$YTDLP" ]] || YTDLP="$(command -v yt-dlp)"
make_clip
WWW="$BENCH_TMP/www"
mkdir -p "$WWW" "$OUT/archive"
cp "$CLIP" "$WWW/clip.mp4"
CLIP_BYTES="$(stat -c %s "$CLIP")"
start_file_server "$WWW"
MEDIA_URL="$FILE_SERVER_URL/clip.mp4"
FEED_URL="$FILE_SERVER_URL/feed.xml"
RESULTS="$OUT/archive/results-$(date +%Y%m%d-%H%M%S).jsonl"
log "spool: $SPOOL_BIN"
log "yt-dlp $("$YTDLP" --version) ($YTDLP); feed $FEED_URL, $ITEMS items (+$NEW_ITEMS); results: $RESULTS"

for round in $(seq 1 "$ROUNDS"); do
    log "round $round of $ROUNDS"
    # The two sides take turns going first, so neither always runs on a fresher machine.
    if (( round % 2 )); then
        run_spool "$ITEMS" "$round"; run_ytdlp "$ITEMS" "$round"
    else
        run_ytdlp "$ITEMS" "$round"; run_spool "$ITEMS" "$round"
    fi
    if [[ -n "${LINES_BASELINE:-}" ]]; then run_ytdlp "$ITEMS" "$round" lines; fi
done
if (( LARGE_ITEMS > 0 )); then
    log "once with $LARGE_ITEMS items"
    run_spool "$LARGE_ITEMS" 1 large
    run_ytdlp "$LARGE_ITEMS" 1
fi

python3 "$DRIVER" report "$RESULTS"
