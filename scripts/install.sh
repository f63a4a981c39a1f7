#!/usr/bin/env bash
# Installs what Spool needs on Debian 12, as root: ffmpeg/ffprobe, espeak-ng and sox (dubbing),
# SQLite headers, curl, CA certificates, and a Python virtual environment with yt-dlp from PyPI.
# Idempotent: packages already present are skipped, apt lists are refreshed at most once per run,
# and re-running only re-checks yt-dlp's version.
#
# Environment:
#   SPOOL_VENV          virtual environment for yt-dlp (default: <repo>/.venv)
#   SPOOL_PYTHON        Python used to create it (default: python3)
#   SPOOL_YTDLP_SPEC    pip requirement for yt-dlp (default: yt-dlp>=2026.10.26)
#   SPOOL_EXTRA_APT     extra Debian packages, space separated (used by scripts/test.sh)
#   SPOOL_EXTRA_PIP     extra PyPI requirements, space separated (used by scripts/test.sh)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${SPOOL_VENV:-$REPO/.venv}"
PYTHON="${SPOOL_PYTHON:-python3}"
# Not "yt-dlp[default]": its extra pins a certifi newer than the package index has, and pip then
# silently falls back to an older yt-dlp (see shared/specs/environment.md, section 2).
YTDLP_SPEC="${SPOOL_YTDLP_SPEC:-yt-dlp>=2026.10.26}"

APT_PACKAGES=(ffmpeg espeak-ng sox ca-certificates curl sqlite3 libsqlite3-dev python3 python3-venv)
read -r -a EXTRA_APT <<<"${SPOOL_EXTRA_APT:-}"
read -r -a EXTRA_PIP <<<"${SPOOL_EXTRA_PIP:-}"

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }

# Runs a command as root (directly, or through sudo when available).
as_root() {
    if [[ $EUID -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        die "need root to run: $* (run this script as root or with sudo)"
    fi
}

is_installed() {
    [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == "install ok installed" ]]
}

APT_UPDATED=0
apt_update_once() {
    if [[ $APT_UPDATED -eq 0 ]]; then
        log "apt-get update"
        as_root apt-get -o DPkg::Lock::Timeout=300 update -qq
        APT_UPDATED=1
    fi
}

APT_LOG="${TMPDIR:-/tmp}/spool-apt.log"
# Installs packages; dpkg's chatter goes to $APT_LOG and is shown only when the install fails.
apt_install() {
    if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq \
        --no-install-recommends "$@" >"$APT_LOG" 2>&1; then
        tail -n 20 "$APT_LOG" >&2
        return 1
    fi
}

install_apt_packages() {
    local missing=() package
    for package in "${APT_PACKAGES[@]}" "${EXTRA_APT[@]}"; do
        [[ -n "$package" ]] || continue
        is_installed "$package" || missing+=("$package")
    done
    if [[ ${#missing[@]} -eq 0 ]]; then
        log "Debian packages present: ${APT_PACKAGES[*]} ${EXTRA_APT[*]}"
        return
    fi
    command -v apt-get >/dev/null 2>&1 || die "missing ${missing[*]} and no apt-get: install them by hand"
    apt_update_once
    log "apt-get install ${missing[*]}"
    # A one-off dpkg failure ("cannot access archive") has been seen on this image; a second run fixes it.
    if ! apt_install "${missing[@]}"; then
        log "apt-get install failed; retrying once"
        as_root env DEBIAN_FRONTEND=noninteractive dpkg --configure -a || true
        apt_install "${missing[@]}"
    fi
}

install_venv() {
    if [[ -x "$VENV/bin/python" ]] && "$VENV/bin/python" -c 'import sys' >/dev/null 2>&1; then
        log "virtual environment present: $VENV"
    else
        command -v "$PYTHON" >/dev/null 2>&1 || die "$PYTHON not found"
        log "creating virtual environment $VENV"
        "$PYTHON" -m venv --clear "$VENV"
    fi
    local pip=("$VENV/bin/python" -m pip --disable-pip-version-check --no-input -q)
    log "pip install $YTDLP_SPEC ${EXTRA_PIP[*]}"
    if ! "${pip[@]}" install "$YTDLP_SPEC" "${EXTRA_PIP[@]}"; then
        log "pip install failed; retrying once"
        "${pip[@]}" install "$YTDLP_SPEC" "${EXTRA_PIP[@]}"
    fi
}

print_versions() {
    local ytdlp ffmpeg_line ffprobe_line
    ytdlp="$("$VENV/bin/yt-dlp" --version 2>/dev/null || echo missing)"
    ffmpeg_line="$(ffmpeg -hide_banner -version 2>/dev/null | head -n 1 || echo missing)"
    ffprobe_line="$(ffprobe -hide_banner -version 2>/dev/null | head -n 1 || echo missing)"
    printf '%-10s %s\n' \
        "yt-dlp" "$ytdlp ($VENV/bin/yt-dlp)" \
        "ffmpeg" "$ffmpeg_line" \
        "ffprobe" "$ffprobe_line" \
        "espeak-ng" "$(espeak-ng --version 2>/dev/null | head -n 1 || echo missing)" \
        "sox" "$(sox --version 2>/dev/null | head -n 1 || echo missing)" \
        "sqlite3" "$(sqlite3 --version 2>/dev/null | cut -d' ' -f1 || echo missing)" \
        "python" "$("$VENV/bin/python" --version 2>&1)" \
        "swift" "$( (swift --version 2>/dev/null || /opt/swift/usr/bin/swift --version 2>/dev/null || echo missing) | head -n 1)" >&2
    [[ "$ytdlp" != missing && "$ffmpeg_line" != missing && "$ffprobe_line" != missing ]] \
        || die "yt-dlp, ffmpeg or ffprobe is missing after installation"
}

install_apt_packages
install_venv
print_versions
