#!/usr/bin/env bash
# Installs what the tests need (ffmpeg, yt-dlp, …) and runs the whole test suite once.
#
# Runs `swift test` alone: it builds every target itself, and a separate `swift build` first would
# pay SwiftPM's rebuild quirk again (shared/specs/environment.md, section 5).
# Output is also written to $SPOOL_TEST_LOG (default <repo>/.build/test.log).
# Arguments are passed to `swift test` (e.g. --filter SpoolCoreTests).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"

# Packages only the tests need (the servers' dependencies come from install.sh). Add here.
# redis-server: the RESP client and Redis backend tests start their own on a free loopback port.
# postgresql: the PostgreSQL store and distributed tests start a throwaway cluster (as user postgres).
# chromium + chromium-driver: the web UI's browser tests (driven by selenium).
# transmission-cli: transmission-remote, the third-party client of the Transmission RPC tests.
# prometheus: its promtool checks the alerting rules, their unit tests and the /metrics exposition.
TEST_APT_PACKAGES=(redis-server postgresql chromium chromium-driver transmission-cli prometheus)
# schemathesis fuzzes the server against its OpenAPI document (Tests/SpoolAppTests);
# selenium drives headless Chromium for the web UI tests;
# moto's S3 server (moto_server, started on a free loopback port) is the S3 of Tests/SpoolS3Tests,
# and boto3 is the baseline of bench/s3_upload.sh;
# python-socketio (with websocket-client) is the Socket.IO client of the live-event tests;
# standardwebhooks verifies the webhook signatures; apprise sends the Apprise notifications.
# Quoted: unquoted, the brackets would glob.
TEST_PIP_PACKAGES=(schemathesis==4.32.5 selenium==4.51.0 "moto[server]==5.2.5" boto3==1.44.5
    "python-socketio[client]==5.18.1" websocket-client==1.9.2 standardwebhooks==1.3.0 apprise==2.3.0)
SPOOL_EXTRA_APT="${SPOOL_EXTRA_APT:-} ${TEST_APT_PACKAGES[*]}" \
SPOOL_EXTRA_PIP="${SPOOL_EXTRA_PIP:-} ${TEST_PIP_PACKAGES[*]}" \
    bash "$REPO/scripts/install.sh"

VENV="${SPOOL_VENV:-$REPO/.venv}"
export PATH="$VENV/bin:$PATH"
command -v swift >/dev/null 2>&1 || export PATH="$PATH:/opt/swift/usr/bin"

LOG="${SPOOL_TEST_LOG:-$REPO/.build/test.log}"
mkdir -p "$(dirname "$LOG")"
echo "==> swift test $* (log: $LOG)" >&2
swift test "$@" 2>&1 | tee "$LOG"

# The end-to-end suites that download run again with the fork server's fallback, the spare helper
# (YTDLP_START=spare; SpoolProcess passes the environment on), so both warm starts stay tested.
# Skipped when arguments narrow the run (say, --filter).
if [[ $# -eq 0 ]]; then
    echo "==> swift test again: downloads end to end with YTDLP_START=spare" >&2
    YTDLP_START=spare swift test --skip-build \
        --filter 'EndToEnd/(Download|QueueControl|Dubbing|SelfContainedBinary|WebSocket)' 2>&1 | tee -a "$LOG"
fi
