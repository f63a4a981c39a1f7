import Foundation
import SpoolCore

/// Writes a mono 16-bit WAV of a fixed length by placing phrases at sample offsets, silence elsewhere.
///
/// The file is written front to back (phrases must come in order and must not overlap), so a long video
/// never needs its whole track in memory.
struct VoiceTrackWriter {
    /// The file being written.
    let path: String
    /// Samples per second.
    let sampleRate: Int
    /// The track's length in samples.
    let sampleCount: Int
    private let handle: FileHandle
    private var cursor = 0

    /// Creates (or replaces) the file at `path` and writes its header.
    init(path: String, sampleRate: Int, sampleCount: Int) throws {
        self.path = path
        self.sampleRate = sampleRate
        self.sampleCount = max(0, sampleCount)
        guard FileManager.default.createFile(atPath: path, contents: WAVHeader.bytes(sampleRate: sampleRate, sampleCount: self.sampleCount)) else {
            throw SpoolError(.dubbingFailed, "cannot create the voice track file")
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
    }

    /// Places `audio` at `offset` (a sample index); silence fills the gap since the last phrase.
    ///
    /// Samples before the end of the previous phrase or after the end of the track are dropped.
    mutating func place(_ audio: PCMAudio, at offset: Int) throws {
        precondition(audio.sampleRate == sampleRate, "phrases must be resampled to the track's rate")
        let skip = max(0, cursor - offset)
        let start = max(offset, cursor)
        guard start < sampleCount, skip < audio.samples.count else { return }
        try writeSilence(upTo: start)
        let available = min(audio.samples.count - skip, sampleCount - start)
        try write(audio.samples[skip..<skip + available])
    }

    /// Fills the rest with silence and closes the file.
    mutating func finish() throws {
        try writeSilence(upTo: sampleCount)
        try handle.close()
    }

    private mutating func writeSilence(upTo end: Int) throws {
        let chunk = [Int16](repeating: 0, count: 1 << 16)
        while cursor < end {
            try write(chunk[0..<min(chunk.count, end - cursor)])
        }
    }

    private mutating func write(_ samples: ArraySlice<Int16>) throws {
        let bytes = samples.map(\.littleEndian).withUnsafeBytes { Data($0) }
        try handle.write(contentsOf: bytes)
        cursor += samples.count
    }
}
