#!/usr/bin/env bash
# Runs the whole test suite (scripts/test.sh) N times in a row while a CPU-heavy job runs beside it,
# and says which runs passed. The suite must hold on a busy machine: a test that fails here depends
# on wall-clock timing and should wait for its condition instead.
#
#   bash scripts/soak.sh [RUNS]        (default 3)
#
# The CPU-heavy job is ffmpeg encoding a generated 720p picture with x264, one encoder per core, at
# normal priority, restarted whenever it ends; it is stopped when the script exits. Each run's output
# is kept in .build/soak-<n>.log. The script exits non-zero if any run failed.
set -uo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
RUNS="${1:-3}"
CORES="$(nproc)"

command -v ffmpeg >/dev/null 2>&1 || bash "$REPO/scripts/install.sh" >/dev/null

# Builds first, without the load: the build is not what is being tested. The same `swift test`
# command as scripts/test.sh, so the runs below do not build again.
echo "==> building the tests" >&2
bash scripts/test.sh --filter '^$' >/dev/null 2>&1 || { echo "soak.sh: the build failed (bash scripts/test.sh)" >&2; exit 1; }

hog() {
    while true; do
        ffmpeg -nostdin -loglevel error -f lavfi -i "testsrc2=size=1280x720:rate=30" -t 600 \
            -c:v libx264 -preset medium -threads 1 -f null - || sleep 1
    done
}

# The encoders run in a process group of their own, stopped as a whole when the script ends.
setsid bash -c "$(declare -f hog); for _ in \$(seq $CORES); do hog & done; wait" &
HOG_GROUP=$!
RUN_GROUP=""
trap 'kill -- -$HOG_GROUP 2>/dev/null; [[ -n "$RUN_GROUP" ]] && kill -- -"$RUN_GROUP" 2>/dev/null' EXIT
trap 'exit 130' INT TERM

mkdir -p .build
declare -a RESULTS=()
failed=0
for run in $(seq "$RUNS"); do
    start=$(date +%s)
    echo "==> soak run $run of $RUNS beside $CORES x264 encoders" >&2
    # In the background and waited for, so that an interrupt stops the script (and the encoders)
    # at once instead of after the run.
    SPOOL_TEST_LOG=".build/soak-$run.log" setsid bash scripts/test.sh >/dev/null 2>&1 &
    RUN_GROUP=$!
    if wait "$RUN_GROUP"; then
        RESULTS+=("run $run: passed in $(( $(date +%s) - start )) s")
    else
        RESULTS+=("run $run: FAILED in $(( $(date +%s) - start )) s (.build/soak-$run.log)")
        failed=1
    fi
    echo "${RESULTS[-1]}" >&2
done
printf '%s\n' "${RESULTS[@]}"
exit "$failed"
