import Foundation

/// The 44-byte header of a 16-bit PCM WAV file.
enum WAVHeader {
    /// The header for `sampleCount` frames of `channels` interleaved samples at `sampleRate`.
    static func bytes(sampleRate: Int, sampleCount: Int, channels: Int = 1) -> Data {
        let dataSize = UInt32(clamping: sampleCount * 2 * channels)
        var data = Data()
        func append32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        func append16(_ value: UInt16) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        data.append(contentsOf: Array("RIFF".utf8))
        append32(dataSize &+ 36)
        data.append(contentsOf: Array("WAVEfmt ".utf8))
        append32(16)
        append16(1)
        append16(UInt16(channels))
        append32(UInt32(sampleRate))
        append32(UInt32(sampleRate * 2 * channels))
        append16(UInt16(2 * channels))
        append16(16)
        data.append(contentsOf: Array("data".utf8))
        append32(dataSize)
        return data
    }
}
