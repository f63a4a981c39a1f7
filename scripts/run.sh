#!/usr/bin/env bash
# Installs the dependencies, builds Spool and runs `spool serve` on port 3000 (PORT to change it).
#
# Configuration comes from the environment, and from <repo>/.env when present (see .env.example).
# MEDIA_ROOT and DB_PATH default to ./data/media and ./data/spool.sqlite under the repository.
# SPOOL_BUILD=debug builds a debug binary (faster to build, slower to run); default release.
# Arguments are passed to `spool serve`.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"

bash "$REPO/scripts/install.sh"

if [[ -f "$REPO/.env" ]]; then
    echo "==> loading $REPO/.env" >&2
    set -a
    # shellcheck disable=SC1091
    source "$REPO/.env"
    set +a
fi

VENV="${SPOOL_VENV:-$REPO/.venv}"
export PATH="$VENV/bin:$PATH"
command -v swift >/dev/null 2>&1 || export PATH="$PATH:/opt/swift/usr/bin"

# Release: a static, self-contained binary laid out for a small idle footprint (build-release.sh).
case "${SPOOL_BUILD:-release}" in
    release)
        echo "==> swift build -c release --product spool (scripts/build-release.sh)" >&2
        BIN="$(bash "$REPO/scripts/build-release.sh")"
        ;;
    debug)
        echo "==> swift build -c debug --product spool" >&2
        swift build -c debug --product spool
        BIN="$(swift build -c debug --show-bin-path)/spool"
        ;;
    *) echo "run.sh: SPOOL_BUILD must be release or debug" >&2; exit 2 ;;
esac

export MEDIA_ROOT="${MEDIA_ROOT:-$REPO/data/media}"
export DB_PATH="${DB_PATH:-$REPO/data/spool.sqlite}"
mkdir -p "$MEDIA_ROOT" "$(dirname "$DB_PATH")"

echo "==> $BIN serve $* (MEDIA_ROOT=$MEDIA_ROOT DB_PATH=$DB_PATH)" >&2
exec "$BIN" serve "$@"
