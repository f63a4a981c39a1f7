#!/usr/bin/env bash
# Web UI benchmarks (bench/ui_latency.py, bench/ui_render.py). Builds nothing: uses $SPOOL_BIN, else
# an existing .build-web/debug, .build/release or .build/debug binary (printed in the output).
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${SPOOL_VENV:-$REPO/.venv}/bin/python"
mkdir -p "$REPO/bench/out"
echo "== state change -> row latency (50 jobs)"
"$PY" "$REPO/bench/ui_latency.py"
echo "== 2,000 jobs: initial render and frames while 20 downloads report progress"
"$PY" "$REPO/bench/ui_render.py"
