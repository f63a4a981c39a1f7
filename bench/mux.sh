#!/usr/bin/env bash
# Voice-over mix+mux and audio extraction on a 10-minute clip: Spool's code path (`spool mux`,
# `spool extract-audio`: the same FFmpeg runner and commands the mux and dub stages use, timed
# inside the process around the ffmpeg runs, as a stage spends it — the CLI's own start-up is not
# counted) against the same ffmpeg command lines run bare from bash and timed from outside,
# median of RUNS each. Prints mux_ratio and extract_ratio (goals ≤ 1.05). The extraction baseline
# is seed 000's command, verbatim.
#
# Environment: SPOOL_BIN (else a release build), RUNS (default 3), CLIP_SECONDS (default 600),
# SPOOL_VENV, BENCH_KEEP=1 keeps the scratch folder. Runs by hand, not in CI.
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
RUNS="${RUNS:-3}"
CLIP_SECONDS="${CLIP_SECONDS:-600}"

bench_init
ensure_media_tools
ensure_apt espeak-ng
ensure_spool_bin

CLIP="$OUT/bench-clip-${CLIP_SECONDS}s.mkv"
VOICE="$OUT/bench-voice-${CLIP_SECONDS}s.wav"
if [[ ! -s "$CLIP" ]]; then
    log "generating $CLIP (once; cached)"
    ffmpeg -hide_banner -nostdin -loglevel error -y \
        -f lavfi -i "testsrc2=size=1280x720:rate=30" -f lavfi -i "sine=frequency=440:sample_rate=48000" \
        -t "$CLIP_SECONDS" -c:v libx264 -preset ultrafast -g 60 -c:a aac -b:a 128k -ac 2 "$CLIP.part.mkv"
    mv "$CLIP.part.mkv" "$CLIP"
fi
if [[ ! -s "$VOICE" ]]; then
    log "generating $VOICE (speech for 5 s in every 10 s; once; cached)"
    espeak-ng -v ru -w "$BENCH_TMP/phrase.wav" "Это закадровый перевод. Он говорит несколько секунд, потом молчит."
    ffmpeg -hide_banner -nostdin -loglevel error -y -i "$BENCH_TMP/phrase.wav" -af "apad,atrim=0:10" "$BENCH_TMP/unit.wav"
    ffmpeg -hide_banner -nostdin -loglevel error -y -stream_loop -1 -i "$BENCH_TMP/unit.wav" -t "$CLIP_SECONDS" -c:a pcm_s16le "$VOICE.part.wav"
    mv "$VOICE.part.wav" "$VOICE"
fi

# The bare commands are the ones Spool runs, printed by --dry-run (pass 2's loudness numbers are
# placeholders; loudnorm costs the same whatever they are).
mapfile -t MUX_LINES < <("$SPOOL_BIN" mux --dry-run "$CLIP" "$VOICE" "$BENCH_TMP/bare.mkv")
EXTRACT_SEED=(ffmpeg -nostdin -loglevel error -y -i "$CLIP" -map a:0 -vn -ac 1 -ar 16000 -c:a pcm_s16le "$BENCH_TMP/seed.wav")

timed() { python3 "$PY" run --timeout 3600 -- "$@"; }

bare_mux=(); spool_mux=(); bare_extract=(); spool_extract=()
for run in $(seq 1 "$RUNS"); do
    bare_mux+=("$(timed bash -c "${MUX_LINES[0]} && ${MUX_LINES[1]}")")
    spool_mux+=("$("$SPOOL_BIN" mux "$CLIP" "$VOICE" "$BENCH_TMP/spool.mkv" | sed -n 's/^seconds=//p')")
    bare_extract+=("$(timed "${EXTRACT_SEED[@]}")")
    spool_extract+=("$("$SPOOL_BIN" extract-audio "$CLIP" "$BENCH_TMP/spool.wav" | sed -n 's/^seconds=//p')")
    log "run $run: mux bare ${bare_mux[-1]}s spool ${spool_mux[-1]}s; extract seed ${bare_extract[-1]}s spool ${spool_extract[-1]}s"
    rm -f "$BENCH_TMP"/bare.mkv "$BENCH_TMP"/spool.mkv "$BENCH_TMP"/seed.wav "$BENCH_TMP"/spool.wav
done

ratio() { python3 -c 'import sys; print(f"{float(sys.argv[1]) / float(sys.argv[2]):.3f}")' "$1" "$2"; }
bm="$(python3 "$PY" median "${bare_mux[@]}")"; sm="$(python3 "$PY" median "${spool_mux[@]}")"
be="$(python3 "$PY" median "${bare_extract[@]}")"; se="$(python3 "$PY" median "${spool_extract[@]}")"
printf 'clip_seconds=%s runs=%s\n' "$CLIP_SECONDS" "$RUNS"
printf 'bare_mux_seconds=%s (runs: %s)\nspool_mux_seconds=%s (runs: %s)\n' "$bm" "${bare_mux[*]}" "$sm" "${spool_mux[*]}"
least() { python3 -c 'import sys; print(min(float(x) for x in sys.argv[1:]))' "$@"; }
printf 'mux_ratio=%s (goal <= 1.05; medians) mux_ratio_best=%s (fastest runs, less sensitive to a busy machine)\n' \
    "$(ratio "$sm" "$bm")" "$(ratio "$(least "${spool_mux[@]}")" "$(least "${bare_mux[@]}")")"
printf 'seed_extract_seconds=%s (runs: %s)\nspool_extract_seconds=%s (runs: %s)\n' "$be" "${bare_extract[*]}" "$se" "${spool_extract[*]}"
printf 'extract_ratio=%s (goal <= 1.05; medians) extract_ratio_best=%s (fastest runs)\n' \
    "$(ratio "$se" "$be")" "$(ratio "$(least "${spool_extract[@]}")" "$(least "${bare_extract[@]}")")"
