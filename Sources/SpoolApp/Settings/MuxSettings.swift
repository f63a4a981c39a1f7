/// The mux stage: how many at once, ducking and loudness of the voice-over mix.
public struct MuxSettings: Sendable {
    /// Muxing jobs at once (MUXING_CONCURRENCY, default 1).
    public var concurrency: Int = 1
    /// Gain of the original audio while the voice-over speaks, 0–1 (DUCKING_LEVEL, default 0.3).
    public var duckingLevel: Double = 0.3
    /// Loudness of the voice-over track in LUFS (NORMALIZATION_LUFS, default -18).
    public var normalizationLUFS: Double = -18

    /// Defaults.
    public init() {}

    init(reader: EnvironmentReader) throws {
        concurrency = try reader.int("MUXING_CONCURRENCY", range: 1...64) ?? concurrency
        duckingLevel = try reader.double("DUCKING_LEVEL", range: 0...1) ?? duckingLevel
        normalizationLUFS = try reader.double("NORMALIZATION_LUFS", range: -70 ... -5) ?? normalizationLUFS
    }
}
