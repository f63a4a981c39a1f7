import Foundation
import SpoolCore

/// Where a 16-bit PCM WAV file's samples are, read from its first 64 KiB.
struct WAVLayout: Sendable {
    /// Frames per second.
    var sampleRate: Int
    /// Interleaved channels.
    var channels: Int
    /// Where the first sample is, in bytes from the start of the file.
    var dataOffset: Int
    /// Frames (samples per channel) in the data chunk.
    var frameCount: Int

    /// Bytes per frame (all channels).
    var frameBytes: Int { 2 * channels }

    /// Reads the layout of the file open in `handle`.
    init(handle: FileHandle) throws {
        try handle.seek(toOffset: 0)
        let head = [UInt8](try handle.read(upToCount: 64 << 10) ?? Data())
        let fileSize = Int(try handle.seekToEnd())
        func fail(_ reason: String) -> SpoolError { SpoolError(.dubbingFailed, "the extracted audio is not 16-bit PCM WAV: \(reason)") }
        func le32(_ at: Int) -> Int { Int(head[at]) | Int(head[at + 1]) << 8 | Int(head[at + 2]) << 16 | Int(head[at + 3]) << 24 }
        func le16(_ at: Int) -> Int { Int(head[at]) | Int(head[at + 1]) << 8 }
        guard head.count >= 12, head[0..<4] == [0x52, 0x49, 0x46, 0x46], head[8..<12] == [0x57, 0x41, 0x56, 0x45] else {
            throw fail("no RIFF/WAVE header")
        }
        var offset = 12
        var format: (channels: Int, rate: Int, bits: Int)?
        while offset + 8 <= head.count {
            let id = String(decoding: head[offset..<offset + 4], as: UTF8.self)
            let size = le32(offset + 4)
            if id == "fmt ", offset + 24 <= head.count {
                format = (le16(offset + 10), le32(offset + 12), le16(offset + 22))
            } else if id == "data" {
                guard let format, format.bits == 16, format.channels >= 1 else { throw fail("not 16-bit") }
                let available = fileSize - (offset + 8)
                let dataSize = size == 0 || size > available ? available : size
                sampleRate = format.rate
                channels = format.channels
                dataOffset = offset + 8
                frameCount = dataSize / (2 * format.channels)
                return
            }
            offset += 8 + size + (size & 1)
        }
        throw fail("no data chunk")
    }

    /// A canonical 44-byte header for `frameCount` frames in this layout's format.
    func header(frameCount: Int) -> Data {
        WAVHeader.bytes(sampleRate: sampleRate, sampleCount: frameCount, channels: channels)
    }
}
