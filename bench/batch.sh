#!/usr/bin/env bash
# A queue of many short videos: 20 MP4s of ~21 MB served on loopback, added one after another to
# Spool and to MeTube's backend (alexta69/metube), at download concurrency 1 and 3, interleaved,
# plus one bare yt-dlp process given all 20 URLs. For each side: wall time from the first add to
# the last completion, CPU seconds of the whole process tree and peak PSS of the tree (medians).
# Prints batch_c{1,3}_{wall,cpu,pss}_ratio (Spool / MeTube) and batch_vs_bare_ytdlp_ratio.
#
# Environment:
#   METUBE_DIR     a work tree of github.com/alexta69/metube (required; never committed here)
#   METUBE_PYTHON  CPython >= 3.13 for MeTube's venv (default: python3.13 on PATH, else pyenv's)
#   METUBE_VENV    MeTube's venv (default bench/out/metube-venv; created and filled from PyPI)
#   SPOOL_BIN (else a release build), SPOOL_VENV (where yt-dlp is), ROUNDS (default 5),
#   BATCH_TIMEOUT (per run, default 300 s), SETTLE (idle seconds after readiness, default 3),
#   BENCH_KEEP=1 keeps the scratch folder. Runs by hand, not in CI.
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROUNDS="${ROUNDS:-5}"
BATCH_TIMEOUT="${BATCH_TIMEOUT:-300}"
SETTLE="${SETTLE:-3}"
CLIPS=20
DRIVER="$BENCH_DIR/batch_driver.py"
FIXTURES="$OUT/batch/fixtures"
METUBE_VENV="${METUBE_VENV:-$OUT/metube-venv}"

if [[ -z "${METUBE_DIR:-}" ]]; then
    die "METUBE_DIR is not set. Get MeTube's code outside this repository, e.g.
  git clone https://github.com/alexta69/metube /tmp/metube && METUBE_DIR=/tmp/metube bash bench/batch.sh"
fi
[[ -f "$METUBE_DIR/app/main.py" ]] || die "METUBE_DIR=$METUBE_DIR has no app/main.py (not a MeTube work tree?)"
METUBE_DIR="$(cd "$METUBE_DIR" && pwd)"

# The server whose process tree is running now; stopped (with every descendant) on exit.
CURRENT_SERVER=""
batch_cleanup() {
    if [[ -n "$CURRENT_SERVER" ]]; then python3 "$DRIVER" stop-tree "$CURRENT_SERVER" >/dev/null 2>&1 || true; fi
    bench_cleanup
}

# Stops the current server and its descendants, and forgets its pid (so that cleanup never
# signals a reused pid).
stop_server() {
    python3 "$DRIVER" stop-tree "$CURRENT_SERVER" >&2
    local kept=() pid
    for pid in "${BENCH_PIDS[@]}"; do [[ "$pid" == "$CURRENT_SERVER" ]] || kept+=("$pid"); done
    BENCH_PIDS=("${kept[@]}")
    CURRENT_SERVER=""
}

# Makes clip01.mp4 … clip20.mp4 once: 1280×720 30 fps, 40 s, x264 ultrafast at 4 Mb/s, AAC 128k.
# Every clip differs: the test pattern's hue is turned by 18° per clip and the tone moves 25 Hz.
make_fixtures() {
    mkdir -p "$FIXTURES"
    local i name
    for i in $(seq 1 "$CLIPS"); do
        name="$(printf 'clip%02d.mp4' "$i")"
        [[ -s "$FIXTURES/$name" ]] && continue
        log "generating $FIXTURES/$name (once; cached)"
        ffmpeg -hide_banner -nostdin -loglevel error -y \
            -f lavfi -i "testsrc2=size=1280x720:rate=30,hue=h=$((18 * i))" \
            -f lavfi -i "sine=frequency=$((300 + 25 * i)):sample_rate=48000" \
            -t 40 -c:v libx264 -preset ultrafast -b:v 4M -maxrate 4M -bufsize 8M -pix_fmt yuv420p \
            -c:a aac -b:a 128k -ar 48000 -movflags +faststart "$FIXTURES/$name.part.mp4"
        mv "$FIXTURES/$name.part.mp4" "$FIXTURES/$name"
    done
}

# Prints a CPython >= 3.13 (MeTube's pyproject requires it).
metube_python() {
    local candidate root
    local candidates=("${METUBE_PYTHON:-}" "$(command -v python3.13 || true)")
    root="$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")"
    for candidate in "$root"/versions/3.1[3-9]*/bin/python3; do candidates+=("$candidate"); done
    for candidate in "${candidates[@]}"; do
        [[ -n "$candidate" && -x "$candidate" ]] || continue
        "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 13))' 2>/dev/null && { echo "$candidate"; return; }
    done
    die "MeTube needs CPython >= 3.13: set METUBE_PYTHON (e.g. pyenv install 3.13)"
}

# Creates MeTube's venv from PyPI with the same yt-dlp version Spool uses ($1). yt-dlp is
# installed plain and its `default` and `curl-cffi` extras' members by hand, because asking for
# yt-dlp[default] can make pip backtrack to an older yt-dlp (see metube-baseline.md).
ensure_metube_venv() {
    local version="$1" stamp="$METUBE_VENV/.batch-ytdlp-$1"
    [[ -f "$stamp" ]] && return
    local python
    python="$(metube_python)"
    log "creating $METUBE_VENV with $python (yt-dlp $version)"
    rm -rf "$METUBE_VENV"
    "$python" -m venv "$METUBE_VENV"
    local pip=("$METUBE_VENV/bin/pip" install -q --disable-pip-version-check)
    "${pip[@]}" "yt-dlp==$version"
    local extras
    mapfile -t extras < <("$METUBE_VENV/bin/python" - <<'EOF'
from importlib.metadata import requires
from pip._vendor.packaging.requirements import Requirement
for text in requires("yt-dlp"):
    requirement = Requirement(text)
    marker = requirement.marker
    # Members of the default and curl-cffi extras that apply to this interpreter.
    if marker and not marker.evaluate({"extra": ""}) and any(marker.evaluate({"extra": e}) for e in ("default", "curl-cffi")):
        print(f"{requirement.name}{requirement.specifier}")
EOF
    )
    # MeTube's own dependencies (pyproject.toml); deno is left out (YouTube only).
    local deps=(aiohttp "python-socketio>=5,<6" mutagen curl-cffi watchfiles)
    if ! "${pip[@]}" "yt-dlp==$version" "${extras[@]}" "${deps[@]}"; then
        log "retrying with certifi unpinned (the index may lack the certifi the extra asks for)"
        "${pip[@]}" "yt-dlp==$version" "${extras[@]/#certifi*/certifi}" "${deps[@]}"
    fi
    "$METUBE_VENV/bin/pip" check >&2
    touch "$stamp"
}

# Starts MeTube's backend on port $2 with MAX_CONCURRENT_DOWNLOADS=$3, state and downloads under
# $1; sets METUBE_PID and METUBE_URL and waits for GET /version.
start_metube() {
    local dir="$1" port="$2" concurrency="$3"
    mkdir -p "$dir/dl" "$dir/state" "$dir/ui/ui/dist/metube/browser"
    # MeTube refuses to start without its built UI; a one-line page stands in for it.
    echo '<!doctype html><title>stub</title>' >"$dir/ui/ui/dist/metube/browser/index.html"
    (cd "$METUBE_DIR" && exec env HOST=127.0.0.1 PORT="$port" ALLOW_PRIVATE_ADDRESSES=true \
        DOWNLOAD_DIR="$dir/dl" TEMP_DIR="$dir/dl" STATE_DIR="$dir/state" BASE_DIR="$dir/ui" \
        MAX_CONCURRENT_DOWNLOADS="$concurrency" LOGLEVEL=INFO \
        "$METUBE_VENV/bin/python" app/main.py) >"$dir/metube.log" 2>&1 &
    METUBE_PID=$!
    track "$METUBE_PID"
    METUBE_URL="http://127.0.0.1:$port"
    wait_server "$METUBE_PID" "$METUBE_URL/version" "$dir/metube.log" "MeTube"
}

# Arguments the driver takes in every run.
common_args() {
    printf '%s\n' --urls "$URLS" --fixtures "$FIXTURES" --media-pid "$MEDIA_PID" \
        --timeout "$BATCH_TIMEOUT" --round "$1"
}

run_spool() {
    local concurrency="$1" round="$2" dir="$BENCH_TMP/spool-c$1-r$2" args
    sync; sleep 1
    start_spool "$dir" "$(free_port)" DOWNLOAD_CONCURRENCY="$concurrency"
    CURRENT_SERVER="$SPOOL_PID"
    local token
    token="$(login_token "$SPOOL_URL")"
    sleep "$SETTLE"
    mapfile -t args < <(common_args "$round")
    python3 "$DRIVER" spool "${args[@]}" --concurrency "$concurrency" --pid "$SPOOL_PID" \
        --server "$SPOOL_URL" --token "$token" --files "$dir/media/library" >>"$RESULTS"
    stop_server
    rm -rf "$dir"
}

run_metube() {
    local concurrency="$1" round="$2" dir="$BENCH_TMP/metube-c$1-r$2" args
    sync; sleep 1
    start_metube "$dir" "$(free_port)" "$concurrency"
    CURRENT_SERVER="$METUBE_PID"
    sleep "$SETTLE"
    mapfile -t args < <(common_args "$round")
    python3 "$DRIVER" metube "${args[@]}" --concurrency "$concurrency" --pid "$METUBE_PID" \
        --server "$METUBE_URL" --files "$dir/dl" >>"$RESULTS"
    stop_server
    rm -rf "$dir"
}

run_bare() {
    local round="$1" dir="$BENCH_TMP/ytdlp-r$1" args
    sync; sleep 1
    mkdir -p "$dir"
    mapfile -t args < <(common_args "$round")
    python3 "$DRIVER" ytdlp "${args[@]}" --ytdlp "$YTDLP" --files "$dir" >>"$RESULTS"
    rm -rf "$dir"
}

bench_init
trap batch_cleanup EXIT
ensure_media_tools
ensure_spool_bin
YTDLP="$(command -v yt-dlp)"
YTDLP_VERSION="$("$YTDLP" --version)"
ensure_metube_venv "$YTDLP_VERSION"
make_fixtures
cat "$FIXTURES"/clip*.mp4 >/dev/null   # warm the page cache

start_file_server "$FIXTURES"
MEDIA_PID="${BENCH_PIDS[-1]}"
URLS="$BENCH_TMP/urls.txt"
for i in $(seq 1 "$CLIPS"); do printf '%s/clip%02d.mp4\n' "$FILE_SERVER_URL" "$i"; done >"$URLS"
RESULTS="$OUT/batch/results-$(date +%Y%m%d-%H%M%S).jsonl"
log "spool: $SPOOL_BIN"
log "metube: $METUBE_DIR ($(git -C "$METUBE_DIR" rev-parse --short HEAD 2>/dev/null || echo 'no git'))," \
    "$("$METUBE_VENV/bin/python" --version)"
log "yt-dlp $YTDLP_VERSION for all sides ($YTDLP); $CLIPS clips at $FILE_SERVER_URL; results: $RESULTS"

for round in $(seq 1 "$ROUNDS"); do
    log "round $round of $ROUNDS"
    # The two servers take turns going first, so neither always runs on a fresher machine.
    if (( round % 2 )); then
        run_spool 1 "$round"; run_metube 1 "$round"; run_spool 3 "$round"; run_metube 3 "$round"
    else
        run_metube 1 "$round"; run_spool 1 "$round"; run_metube 3 "$round"; run_spool 3 "$round"
    fi
    run_bare "$round"
done

python3 "$DRIVER" report "$RESULTS"
