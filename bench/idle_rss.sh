#!/usr/bin/env bash
# Idle memory: starts `spool serve` on a fresh database, waits IDLE_SECONDS (default 5) and reads
# VmRSS of the server and, separately, of its helper processes (e.g. the warm yt-dlp) from /proc.
# Prints idle_rss_mb and its ratio to the 40 MB goal.
#
# Environment: SPOOL_BIN (else a release build), IDLE_SECONDS. Runs by hand, not in CI.
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
IDLE_SECONDS="${IDLE_SECONDS:-5}"

bench_init
ensure_media_tools
ensure_spool_bin
start_spool "$BENCH_TMP/spool" "$(free_port)"
log "server up (pid $SPOOL_PID); idle for ${IDLE_SECONDS}s"
sleep "$IDLE_SECONDS"
python3 "$PY" rss --pid "$SPOOL_PID" --goal-mb 40
