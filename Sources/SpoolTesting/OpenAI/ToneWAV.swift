import Foundation

/// A 16-bit mono WAV holding a tone: audio with a known length and clear energy.
public enum ToneWAV {
    /// `seconds` of a `frequency` Hz sine at `sampleRate`, with 5 ms fade-in and fade-out.
    public static func make(seconds: Double, frequency: Double = 220, sampleRate: Int = 24_000, amplitude: Double = 9_000) -> Data {
        let count = max(0, Int(seconds * Double(sampleRate)))
        let ramp = max(1, sampleRate / 200)
        var samples = [Int16](repeating: 0, count: count)
        for index in 0..<count {
            let envelope = min(1, Double(min(index, count - 1 - index)) / Double(ramp))
            samples[index] = Int16(amplitude * envelope * sin(2 * .pi * frequency * Double(index) / Double(sampleRate)))
        }
        var data = Data()
        func append32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        func append16(_ value: UInt16) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        data.append(contentsOf: Array("RIFF".utf8))
        append32(UInt32(36 + count * 2))
        data.append(contentsOf: Array("WAVEfmt ".utf8))
        append32(16)
        append16(1)
        append16(1)
        append32(UInt32(sampleRate))
        append32(UInt32(sampleRate * 2))
        append16(2)
        append16(16)
        data.append(contentsOf: Array("data".utf8))
        append32(UInt32(count * 2))
        samples.map(\.littleEndian).withUnsafeBytes { data.append(contentsOf: $0) }
        return data
    }
}
