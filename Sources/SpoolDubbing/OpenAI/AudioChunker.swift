import Foundation
import SpoolCore

/// Splits a long PCM WAV file into pieces small enough to upload for transcription.
///
/// OpenAI's `/audio/transcriptions` takes at most 25 MB per file (about 13 minutes of 16 kHz mono
/// 16-bit audio), so longer audio goes up in pieces. Each piece ends at the quietest 200 ms in its last
/// 15 seconds, so a cut rarely falls inside a word. Pieces are copied from the file a slice at a time.
enum AudioChunker {
    /// One piece: its file and where it starts in the original, in seconds.
    struct Piece: Sendable, Hashable {
        var path: String
        var offset: Double
    }

    /// The pieces of the WAV file at `path`, each at most `maxSeconds` long; the file itself when it is short enough.
    ///
    /// - Throws: ``SpoolError`` `.dubbingFailed` when the file is not 16-bit PCM WAV or cannot be read.
    static func split(wavPath path: String, maxSeconds: Double, into directory: String) throws -> [Piece] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw SpoolError(.dubbingFailed, "the extracted audio is missing")
        }
        defer { try? handle.close() }
        let layout = try WAVLayout(handle: handle)
        let maxFrames = max(layout.sampleRate, Int(maxSeconds * Double(layout.sampleRate)))
        guard layout.frameCount > maxFrames else { return [Piece(path: path, offset: 0)] }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var pieces: [Piece] = []
        var start = 0
        while start < layout.frameCount {
            var end = min(layout.frameCount, start + maxFrames)
            if end < layout.frameCount {
                end = try quietestCut(handle, layout, searchFrom: max(start + maxFrames / 2, end - 15 * layout.sampleRate), to: end)
            }
            let piecePath = "\(directory)/piece-\(String(format: "%03d", pieces.count)).wav"
            try copyFrames(handle, layout, start..<end, to: piecePath)
            pieces.append(Piece(path: piecePath, offset: Double(start) / Double(layout.sampleRate)))
            start = end
        }
        return pieces
    }

    /// The frame in `lower..<upper` that starts the quietest 200 ms window (first channel's energy).
    private static func quietestCut(_ handle: FileHandle, _ layout: WAVLayout, searchFrom lower: Int, to upper: Int) throws -> Int {
        let window = max(1, layout.sampleRate / 5)
        guard upper - lower > window else { return upper }
        try handle.seek(toOffset: UInt64(layout.dataOffset + lower * layout.frameBytes))
        let bytes = [UInt8](try handle.read(upToCount: (upper - lower) * layout.frameBytes) ?? Data())
        let frames = bytes.count / layout.frameBytes
        var windows: [(start: Int, energy: Double)] = []
        for windowStart in stride(from: 0, to: frames - window, by: window / 2) {
            var energy = 0.0
            for frame in windowStart..<windowStart + window {
                let at = frame * layout.frameBytes
                let sample = Double(Int16(bitPattern: UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8))
                energy += sample * sample
            }
            windows.append((windowStart, energy))
        }
        // The latest of the quietest windows, so pieces stay as long as allowed when it is all alike.
        guard let quietest = windows.map(\.energy).min(),
              let chosen = windows.last(where: { $0.energy <= quietest * 1.1 + 1 }) else { return upper }
        return lower + chosen.start + window / 2
    }

    /// Writes frames `range` of the source into a new WAV file with the source's format.
    private static func copyFrames(_ handle: FileHandle, _ layout: WAVLayout, _ range: Range<Int>, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: layout.header(frameCount: range.count)) else {
            throw SpoolError(.dubbingFailed, "cannot write an audio piece for transcription")
        }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? output.close() }
        try output.seekToEnd()
        try handle.seek(toOffset: UInt64(layout.dataOffset + range.lowerBound * layout.frameBytes))
        var remaining = range.count * layout.frameBytes
        while remaining > 0 {
            guard let data = try handle.read(upToCount: min(remaining, 1 << 20)), !data.isEmpty else { break }
            try output.write(contentsOf: data)
            remaining -= data.count
        }
    }
}
