#!/usr/bin/env bash
# Builds the release `spool` as scripts/run.sh and the benchmarks use it, and prints its path.
#
# The Swift runtime is linked in statically (one self-contained file), and every function gets its
# own section so that the link (Package.swift, `releaseLinkerSettings`) can place the code start-up
# and an idle server run side by side, in the order of Sources/spool/spool.order. SwiftPM does not
# see that file as an input, so a binary older than it is removed here to have it linked anew.
# Extra arguments go to `swift build`.
#
# Note: SwiftPM does not recompile objects when only -Xswiftc flags change; a .build/ made by a
# plain `swift build -c release` keeps its old layout until `rm -rf .build/*/release`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
FLAGS=(-c release --static-swift-stdlib -Xswiftc -Xfrontend -Xswiftc -function-sections "$@")
BIN="$(swift build "${FLAGS[@]}" --show-bin-path)/spool"
if [[ -e "$BIN" && Sources/spool/spool.order -nt "$BIN" ]]; then rm -f "$BIN"; fi
swift build "${FLAGS[@]}" --product spool >&2
printf '%s\n' "$BIN"
