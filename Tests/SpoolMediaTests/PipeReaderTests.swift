import Foundation
@testable import SpoolMedia
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The pipe reader behind a forked download's output: every byte arrives, then the end, however the
/// writes and the writer's exit fall relative to the reader's wake-ups.
@Suite("Pipe reader")
struct PipeReaderTests {
    @Test("bytes written and the writer gone before the first read: all of them, then the end", arguments: [0, 10, 70_000, 1_000_000])
    func writtenThenClosed(size: Int) async throws {
        let reader = try PipeReader()
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let writer = Thread {
            bytes.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = write(reader.writeEnd, buffer.baseAddress! + offset, buffer.count - offset)
                    if written > 0 { offset += written } else if errno != EINTR { break }
                }
            }
            reader.closeWriteEnd()
        }
        writer.start()
        if size <= 65_536 {
            try await Task.sleep(for: .milliseconds(200))  // the bytes and the end wait together
        }
        var received: [UInt8] = []
        for try await chunk in reader.chunks {
            received += chunk
        }
        #expect(received == bytes)
    }

    @Test("lines split across chunks come out whole")
    func lines() async throws {
        let reader = try PipeReader()
        let text = (1...500).map { "{\"line\":\($0)}" }.joined(separator: "\n") + "\nlast without newline"
        Array(text.utf8).withUnsafeBytes { _ = write(reader.writeEnd, $0.baseAddress, $0.count) }
        reader.closeWriteEnd()
        var lines = LineReader(reader)
        var read: [String] = []
        while let line = try await lines.next() { read.append(line) }
        #expect(read.count == 501 && read.first == "{\"line\":1}" && read.last == "last without newline")
    }
}
