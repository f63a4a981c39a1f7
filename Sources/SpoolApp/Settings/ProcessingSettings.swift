/// The PROCESSING stage: how many transcodes at once, at what CPU priority, and how hardware
/// encoders are tested.
public struct ProcessingSettings: Sendable {
    /// Transcodes at once (PROCESSING_CONCURRENCY, default 1).
    public var concurrency: Int = 1
    /// CPU niceness of ffmpeg transcodes, 0–19 (PROCESSING_NICE, default 10): downloads and the
    /// server keep their share of the CPU while a transcode runs.
    public var niceness: Int = 10
    /// Time each hardware encoder's test encode may take (HW_PROBE_TIMEOUT, default 10 s).
    public var probeTimeout: Duration = .seconds(10)
    /// Seconds of video a quality score is measured on (QUALITY_SAMPLE_SECONDS, default 30).
    public var qualitySampleSeconds: Double = 30

    /// Defaults.
    public init() {}

    init(reader: EnvironmentReader) throws {
        concurrency = try reader.int("PROCESSING_CONCURRENCY", range: 1...64) ?? concurrency
        niceness = try reader.int("PROCESSING_NICE", range: 0...19) ?? niceness
        probeTimeout = try reader.duration("HW_PROBE_TIMEOUT") ?? probeTimeout
        qualitySampleSeconds = try reader.double("QUALITY_SAMPLE_SECONDS", range: 1...3600) ?? qualitySampleSeconds
    }
}
