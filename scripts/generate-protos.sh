#!/bin/sh
# Regenerates the committed Swift code for Protos/yandex.proto (YandexVOT).
#
# Needs `protoc` and `protoc-gen-swift` from swift-protobuf 1.39.0, e.g.:
#   git clone https://github.com/apple/swift-protobuf /tmp/swift-protobuf
#   (cd /tmp/swift-protobuf && git checkout 1.39.0 && swift build -c release --product protoc-gen-swift)
#   PROTOC_GEN_SWIFT=/tmp/swift-protobuf/.build/release/protoc-gen-swift scripts/generate-protos.sh
set -eu
cd "$(dirname "$0")/.."
plugin="${PROTOC_GEN_SWIFT:-$(command -v protoc-gen-swift)}"
out=Sources/YandexVOT/Generated
mkdir -p "$out"
protoc --plugin=protoc-gen-swift="$plugin" \
    --proto_path=Protos \
    --swift_opt=Visibility=Public \
    --swift_out="$out" \
    Protos/yandex.proto
echo "wrote $out/yandex.pb.swift"
