import Foundation
import SpoolCore

/// Mono 16-bit PCM samples at one sample rate: what cues are fitted and assembled as.
struct PCMAudio: Sendable, Hashable {
    /// Samples per second.
    var sampleRate: Int
    /// The samples.
    var samples: [Int16]

    /// Length in seconds.
    var duration: Double { Double(samples.count) / Double(sampleRate) }

    /// Reads a 16-bit PCM WAV file (the first channel when there are several and `monoOnly` is false).
    ///
    /// - Throws: ``SpoolError`` `.dubbingFailed` when the file is missing or not 16-bit PCM WAV (or not mono).
    init(wavFile path: String, monoOnly: Bool = false) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SpoolError(.dubbingFailed, "speech audio \(URL(fileURLWithPath: path).lastPathComponent) is missing")
        }
        try self.init(wavData: data, monoOnly: monoOnly)
    }

    /// Parses 16-bit PCM WAV bytes.
    init(wavData data: Data, monoOnly: Bool = false) throws {
        let (sampleRate, samples) = try Self.parseWAV([UInt8](data), monoOnly: monoOnly)
        self.init(sampleRate: sampleRate, samples: samples)
    }

    /// The rate and first-channel samples of WAV bytes (RIFF chunks walked; `fmt ` must precede `data`).
    private static func parseWAV(_ bytes: [UInt8], monoOnly: Bool) throws -> (Int, [Int16]) {
        func fail(_ reason: String) -> SpoolError { SpoolError(.dubbingFailed, "speech audio is not usable WAV: \(reason)") }
        func le32(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24 }
        func le16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        guard bytes.count >= 12, bytes[0..<4] == [0x52, 0x49, 0x46, 0x46], bytes[8..<12] == [0x57, 0x41, 0x56, 0x45] else {
            throw fail("no RIFF/WAVE header")
        }
        var offset = 12
        var format: (channels: Int, rate: Int, bits: Int, tag: Int)?
        while offset + 8 <= bytes.count {
            let id = String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
            let size = le32(offset + 4)
            let body = offset + 8
            if id == "fmt ", body + 16 <= bytes.count {
                format = (le16(body + 2), le32(body + 4), le16(body + 14), le16(body))
            } else if id == "data" {
                guard let format else { throw fail("data before fmt") }
                guard format.tag == 1 || format.tag == 0xFFFE, format.bits == 16, format.channels >= 1, !monoOnly || format.channels == 1 else {
                    throw fail("\(format.channels) × \(format.bits)-bit format \(format.tag), expected 16-bit PCM")
                }
                let end = size == 0 || body + size > bytes.count ? bytes.count : body + size  // streamed files may not know their size
                let frameBytes = 2 * format.channels
                let frames = (end - body) / frameBytes
                var samples = [Int16](repeating: 0, count: frames)
                for frame in 0..<frames {
                    samples[frame] = Int16(truncatingIfNeeded: le16(body + frame * frameBytes))
                }
                return (format.rate, samples)
            }
            offset = body + size + (size & 1)
        }
        throw fail("no data chunk")
    }

    /// Creates audio from samples.
    init(sampleRate: Int, samples: [Int16]) {
        self.sampleRate = sampleRate
        self.samples = samples
    }

    /// The audio without leading and trailing near-silence, keeping `margin` seconds on each side.
    func trimmingSilence(threshold: Int16 = 300, margin: Double = 0.02) -> PCMAudio {
        guard let first = samples.firstIndex(where: { abs(Int32($0)) > threshold }),
              let last = samples.lastIndex(where: { abs(Int32($0)) > threshold }) else {
            return PCMAudio(sampleRate: sampleRate, samples: [])
        }
        let pad = Int(margin * Double(sampleRate))
        let lower = max(0, first - pad)
        let upper = min(samples.count, last + 1 + pad)
        return PCMAudio(sampleRate: sampleRate, samples: Array(samples[lower..<upper]))
    }

    /// The first `count` samples, the last `fade` seconds of them faded out linearly.
    func cut(to count: Int, fade: Double) -> PCMAudio {
        guard count < samples.count else { return self }
        var kept = Array(samples.prefix(max(0, count)))
        let fadeCount = min(kept.count, Int(fade * Double(sampleRate)))
        for step in 0..<fadeCount {
            let index = kept.count - fadeCount + step
            let gain = Double(fadeCount - step - 1) / Double(max(1, fadeCount))
            kept[index] = Int16(Double(kept[index]) * gain)
        }
        return PCMAudio(sampleRate: sampleRate, samples: kept)
    }

    /// The audio as a 16-bit mono PCM WAV file.
    func wavData() -> Data {
        var data = WAVHeader.bytes(sampleRate: sampleRate, sampleCount: samples.count)
        samples.map(\.littleEndian).withUnsafeBytes { data.append(contentsOf: $0) }
        return data
    }
}
