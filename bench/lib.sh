#!/usr/bin/env bash
# Shared helpers of the bench/ scripts (sourced, not run). Every process a script starts is
# recorded and stopped by pid on exit; every wait is bounded.

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCH_DIR/.." && pwd)"
OUT="${BENCH_OUT:-$BENCH_DIR/out}"
VENV="${SPOOL_VENV:-$REPO/.venv}"
PY="$BENCH_DIR/spool_bench.py"
ADMIN_PASSWORD="bench-password-$$"
export PATH="$VENV/bin:$PATH"
command -v swift >/dev/null 2>&1 || export PATH="$PATH:/opt/swift/usr/bin"

BENCH_PIDS=()
BENCH_TMP=""

log() { printf '==> %s\n' "$*" >&2; }
die() { printf '%s: %s\n' "$(basename "$0")" "$*" >&2; exit 1; }

# Stops every recorded process (TERM, then KILL after 5 s) and removes the scratch folder.
bench_cleanup() {
    local pid
    for pid in "${BENCH_PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${BENCH_PIDS[@]}"; do
        for _ in $(seq 1 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$pid" 2>/dev/null || true
    done
    BENCH_PIDS=()
    if [[ -n "$BENCH_TMP" && -d "$BENCH_TMP" && -z "${BENCH_KEEP:-}" ]]; then rm -rf "$BENCH_TMP"; fi
}

# Creates the scratch folder and installs the cleanup trap.
bench_init() {
    mkdir -p "$OUT"
    BENCH_TMP="$(mktemp -d "${TMPDIR:-/tmp}/spool-bench.XXXXXX")"
    trap bench_cleanup EXIT
    trap 'exit 130' INT TERM
}

# Records a background process for cleanup.
track() { BENCH_PIDS+=("$1"); }

# Stops one recorded process now: TERM, then KILL after $2 seconds (default 5).
stop_pid() {
    local pid="$1" grace="${2:-5}"
    kill -TERM "$pid" 2>/dev/null || return 0
    for _ in $(seq 1 $((grace * 10))); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
}

# Prints a free TCP port on 127.0.0.1.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Waits until URL answers (any HTTP status), at most $2 seconds.
wait_http() {
    local url="$1" timeout="${2:-30}"
    for _ in $(seq 1 $((timeout * 10))); do
        curl -s -o /dev/null --max-time 1 "$url" && return 0
        sleep 0.1
    done
    die "no answer from $url after ${timeout}s"
}

# Waits (up to 60 s) until the server process $1 answers 200 at URL $2; if it exits first, or never
# answers, prints the end of its log $3 and dies naming it $4.
wait_server() {
    local pid="$1" url="$2" log="$3" name="$4"
    for _ in $(seq 1 600); do
        [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url")" == 200 ]] && return 0
        kill -0 "$pid" 2>/dev/null || { tail -n 30 "$log" >&2; die "$name exited"; }
        sleep 0.1
    done
    tail -n 30 "$log" >&2
    die "$name did not answer $url within 60 s"
}

# Makes sure yt-dlp and ffmpeg are there (runs scripts/install.sh when not).
ensure_media_tools() {
    if ! command -v yt-dlp >/dev/null 2>&1 || ! command -v ffmpeg >/dev/null 2>&1; then
        log "installing yt-dlp and ffmpeg (scripts/install.sh)"
        bash "$REPO/scripts/install.sh"
    fi
}

# Installs a Debian package when its command is missing.
ensure_apt() {
    local command="$1" package="${2:-$1}"
    command -v "$command" >/dev/null 2>&1 && return 0
    log "apt-get install $package"
    local sudo=()
    [[ $EUID -eq 0 ]] || sudo=(sudo)
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "$package" >/dev/null \
        || { "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=300 update -qq && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "$package" >/dev/null; }
}

# Sets SPOOL_BIN: the given binary, or a release build (SPOOL_BUILD=debug for a debug one).
ensure_spool_bin() {
    if [[ -n "${SPOOL_BIN:-}" ]]; then
        [[ -x "$SPOOL_BIN" ]] || die "SPOOL_BIN=$SPOOL_BIN is not executable"
        return
    fi
    local configuration="${SPOOL_BUILD:-release}"
    log "swift build -c $configuration --product spool (set SPOOL_BIN to skip)"
    if [[ "$configuration" == release ]]; then
        SPOOL_BIN="$(bash "$REPO/scripts/build-release.sh")"
    else
        (cd "$REPO" && swift build -c "$configuration" --product spool >&2)
        SPOOL_BIN="$(cd "$REPO" && swift build -c "$configuration" --show-bin-path)/spool"
    fi
}

# Starts `spool serve` on a fresh MEDIA_ROOT and database under $1, on port $2; sets SPOOL_PID
# and SPOOL_URL and waits for /healthz. Extra environment can be passed as NAME=value arguments.
start_spool() {
    local dir="$1" port="$2"
    shift 2
    mkdir -p "$dir/media"
    env HOST=127.0.0.1 PORT="$port" MEDIA_ROOT="$dir/media" DB_PATH="$dir/spool.sqlite" \
        SPOOL_ADMIN_PASSWORD="$ADMIN_PASSWORD" LOG_LEVEL="${BENCH_LOG_LEVEL:-warning}" "$@" \
        "$SPOOL_BIN" serve >"$dir/serve.log" 2>&1 &
    SPOOL_PID=$!
    track "$SPOOL_PID"
    SPOOL_URL="http://127.0.0.1:$port"
    wait_server "$SPOOL_PID" "$SPOOL_URL/healthz" "$dir/serve.log" "spool serve"
}

# Prints a session token for the admin of the server at $1.
login_token() {
    python3 "$PY" login --server "$1" --password "$ADMIN_PASSWORD"
}

# Starts `python3 -m http.server` on a free port serving folder $1; sets FILE_SERVER_URL.
start_file_server() {
    local dir="$1" port
    port="$(free_port)"
    python3 -m http.server "$port" --bind 127.0.0.1 --directory "$dir" >"$BENCH_TMP/http-$port.log" 2>&1 &
    track $!
    FILE_SERVER_URL="http://127.0.0.1:$port"
    wait_http "$FILE_SERVER_URL/" 15
}

# Creates (once) a ~160 MB H.264/AAC MP4 under $OUT and prints its path.
bench_video() {
    local file="$OUT/bench-160M.mp4"
    if [[ ! -s "$file" ]]; then
        log "generating $file with ffmpeg (once; cached)"
        # Constant-bitrate H.264 (filler data keeps the size at ~21 Mbit/s) over 60 s plus AAC audio.
        ffmpeg -hide_banner -nostdin -loglevel error -y \
            -f lavfi -i "testsrc2=size=1280x720:rate=30" -f lavfi -i "sine=frequency=440:sample_rate=48000" \
            -t 60 -c:v libx264 -preset ultrafast -b:v 21M -minrate 21M -maxrate 21M -bufsize 4M \
            -x264-params "nal-hrd=cbr:force-cfr=1" -c:a aac -b:a 128k -movflags +faststart \
            "$file.part.mp4"
        mv "$file.part.mp4" "$file"
    fi
    printf '%s\n' "$file"
}
