#!/usr/bin/env bash
# S3 upload: a SIZE_MIB (default 256) MiB file to moto's S3 server on loopback, by SpoolS3's
# MultipartUploader against boto3's upload_file of the same file, with the same part size (16 MiB)
# and concurrency (4). RUNS rounds (default 3), the order alternating; each upload is timed inside
# its process (boto3's import and client setup excluded; Spool's HEAD verification included). Prints
# the medians, each process's peak RSS, and s3_upload_ratio = Spool / boto3 (goal <= 1.2).
#
# The Swift driver is bench/s3/main.swift, built in release mode as a small package (bench/s3/
# BenchPackage.swift) in bench/out/s3-bench that links Sources/SpoolS3, AsyncHTTPClient, swift-crypto
# and swift-nio only. moto_server and boto3 come from SPOOL_VENV (default .venv, where scripts/test.sh
# installs them) or PATH.
#
# Environment: SIZE_MIB (256), RUNS (3), PART_MIB (16), CONCURRENCY (4). Runs by hand, not in CI.
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
SIZE_MIB="${SIZE_MIB:-256}"
RUNS="${RUNS:-3}"
PART_MIB="${PART_MIB:-16}"
CONCURRENCY="${CONCURRENCY:-4}"
bench_init

command -v moto_server >/dev/null 2>&1 || die "moto_server not found: pip install 'moto[server]' boto3 (scripts/test.sh does)"
PYTHON=python3
if [[ -x "$VENV/bin/python" ]] && "$VENV/bin/python" -c 'import boto3' 2>/dev/null; then PYTHON="$VENV/bin/python"; fi
"$PYTHON" -c 'import boto3' 2>/dev/null || die "boto3 not importable by $PYTHON"

PACKAGE="$OUT/s3-bench"
mkdir -p "$PACKAGE/Sources/S3Bench"
cp "$BENCH_DIR/s3/BenchPackage.swift" "$PACKAGE/Package.swift"
cp "$BENCH_DIR/s3/main.swift" "$PACKAGE/Sources/S3Bench/main.swift"
ln -sfn "$REPO/Sources/SpoolS3" "$PACKAGE/Sources/SpoolS3"
# The versions the repository resolved, when it has resolved them.
[[ -f "$REPO/Package.resolved" && ! -f "$PACKAGE/Package.resolved" ]] && cp "$REPO/Package.resolved" "$PACKAGE/Package.resolved"
log "building the Swift driver (release)"
(cd "$PACKAGE" && swift build -c release --product S3Bench >"$OUT/s3-bench-build.log" 2>&1) \
    || { tail -20 "$OUT/s3-bench-build.log" >&2; exit 1; }
DRIVER="$PACKAGE/.build/release/S3Bench"

FILE="$OUT/s3-upload-${SIZE_MIB}M.bin"
if [[ ! -s "$FILE" ]]; then
    log "writing $FILE (random, once; cached)"
    head -c "$((SIZE_MIB << 20))" /dev/urandom >"$FILE.part" && mv "$FILE.part" "$FILE"
fi

PORT="$(free_port)"
moto_server -H 127.0.0.1 -p "$PORT" >"$BENCH_TMP/moto.log" 2>&1 &
MOTO_PID=$!
track "$MOTO_PID"
ENDPOINT="http://127.0.0.1:$PORT"
wait_http "$ENDPOINT/moto-api/data.json" 60
BUCKET="bench"

# Runs one upload under /usr/bin/time; appends "<side> <seconds> <peak RSS KiB>" to results.
upload() {
    local side="$1" key="$2" extra="${3:-}" output rss
    if [[ "$side" == spool ]]; then
        output="$(/usr/bin/time -f 'RSS %M' -o "$BENCH_TMP/time" "$DRIVER" "$ENDPOINT" "$BUCKET" "$key" "$FILE" "$PART_MIB" "$CONCURRENCY" $extra)"
    else
        output="$(/usr/bin/time -f 'RSS %M' -o "$BENCH_TMP/time" "$PYTHON" "$BENCH_DIR/s3_boto3.py" "$ENDPOINT" "$BUCKET" "$key" "$FILE" "$PART_MIB" "$CONCURRENCY" $extra)"
    fi
    rss="$(sed -n 's/^RSS //p' "$BENCH_TMP/time")"
    echo "$output" | sed -nE "s/^S3BENCH ([a-z0-9]+) ([0-9.]+) ([0-9]+) .*/\1 \2 $rss \3/p" >>"$BENCH_TMP/results.txt"
    log "$(tail -n 1 "$BENCH_TMP/results.txt")"
    # Keep moto's memory flat: drop the object again.
    "$PYTHON" - "$ENDPOINT" "$BUCKET" "$key" <<'PY'
import sys, boto3
s3 = boto3.client("s3", endpoint_url=sys.argv[1], region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
s3.delete_object(Bucket=sys.argv[2], Key=sys.argv[3])
PY
}

log "warm-up (creates the bucket; not counted)"
upload spool warmup --create-bucket
sed -i '$d' "$BENCH_TMP/results.txt"
for run in $(seq 1 "$RUNS"); do
    log "round $run/$RUNS: ${SIZE_MIB} MiB, ${PART_MIB} MiB parts, $CONCURRENCY at a time"
    if (( run % 2 )); then
        upload spool "spool-$run"; upload boto3 "boto3-$run"
    else
        upload boto3 "boto3-$run"; upload spool "spool-$run"
    fi
done

python3 - "$BENCH_TMP/results.txt" "$SIZE_MIB" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1]) if line.strip()]
size = int(sys.argv[2])
for side, seconds, rss, bytes_ in rows:
    assert int(bytes_) == size << 20, f"{side} uploaded {bytes_} bytes"
def median(side, column):
    return statistics.median(float(r[column]) for r in rows if r[0] == side)
spool, boto = median("spool", 1), median("boto3", 1)
print(f"spool  {spool:.3f} s ({size / spool:.0f} MiB/s), peak RSS {median('spool', 2) / 1024:.0f} MiB")
print(f"boto3  {boto:.3f} s ({size / boto:.0f} MiB/s), peak RSS {median('boto3', 2) / 1024:.0f} MiB")
print(f"s3_upload_ratio={spool / boto:.3f} (goal <= 1.2)")
PY
