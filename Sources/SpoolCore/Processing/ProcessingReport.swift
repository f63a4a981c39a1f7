import Foundation

/// What a PROCESSING stage did to a job's file, kept with the job: the file before and after,
/// the encoder (and why software was used when the GPU was asked for), how fast it went and,
/// when the profile asks, what the compression cost in quality.
public struct ProcessingReport: Sendable, Codable, Hashable {
    /// One file's measurements.
    public struct FileSummary: Sendable, Codable, Hashable {
        /// Size in bytes.
        public var size: Int64?
        /// Overall bit rate in bits per second (size × 8 / duration).
        public var bitRate: Int64?
        /// Codec of the first video stream.
        public var videoCodec: String?
        /// Picture width.
        public var width: Int?
        /// Picture height.
        public var height: Int?
        /// Duration in seconds.
        public var duration: Double?
        /// Number of audio tracks.
        public var audioTracks: Int

        /// Creates a summary.
        public init(size: Int64? = nil, bitRate: Int64? = nil, videoCodec: String? = nil, width: Int? = nil, height: Int? = nil, duration: Double? = nil, audioTracks: Int = 0) {
            self.size = size
            self.bitRate = bitRate
            self.videoCodec = videoCodec
            self.width = width
            self.height = height
            self.duration = duration
            self.audioTracks = audioTracks
        }

        /// The summary of a probed file.
        public init(_ probe: MediaProbe) {
            let video = probe.videoStreams.first
            let bitRate: Int64? = if let size = probe.size, let duration = probe.duration, duration > 0 {
                Int64(Double(size) * 8 / duration)
            } else {
                nil
            }
            self.init(
                size: probe.size, bitRate: bitRate, videoCodec: video?.codecName, width: video?.width, height: video?.height,
                duration: probe.duration, audioTracks: probe.audioStreams.count
            )
        }
    }

    /// A full-reference quality score.
    public struct QualityScore: Sendable, Codable, Hashable {
        /// The metric.
        public var metric: QualityMetric
        /// Its value (SSIM 0…1, PSNR in dB, VMAF 0…100).
        public var value: Double
        /// Seconds of video the score was measured on.
        public var sampleSeconds: Double

        /// Creates a score.
        public init(metric: QualityMetric, value: Double, sampleSeconds: Double) {
            self.metric = metric
            self.value = value
            self.sampleSeconds = sampleSeconds
        }
    }

    /// The profile's name.
    public var profile: String
    /// How the file was written.
    public var mode: TranscodePlan.Mode
    /// The ffmpeg video encoder (`libx265`, `hevc_nvenc`), or `copy`.
    public var encoder: String
    /// Whether a hardware encoder wrote the result.
    public var hardware: Bool
    /// Why software was used although the profile asked for the GPU.
    public var fallbackReason: String?
    /// The downloaded file.
    public var input: FileSummary
    /// The result.
    public var output: FileSummary
    /// Wall time of the encode (both passes), in seconds.
    public var seconds: Double
    /// Media seconds written per wall second.
    public var speed: Double?
    /// The quality score, when the profile asks for one and it could be measured.
    public var quality: QualityScore?
    /// Where the original was kept, when the profile keeps it.
    public var originalPath: String?

    /// Creates a report.
    public init(
        profile: String, mode: TranscodePlan.Mode, encoder: String, hardware: Bool = false, fallbackReason: String? = nil,
        input: FileSummary, output: FileSummary, seconds: Double, speed: Double? = nil, quality: QualityScore? = nil,
        originalPath: String? = nil
    ) {
        self.profile = profile
        self.mode = mode
        self.encoder = encoder
        self.hardware = hardware
        self.fallbackReason = fallbackReason
        self.input = input
        self.output = output
        self.seconds = seconds
        self.speed = speed
        self.quality = quality
        self.originalPath = originalPath
    }

    /// Output size over input size (0.4 = 60 % smaller), when both are known.
    public var sizeRatio: Double? {
        guard let before = input.size, let after = output.size, before > 0 else { return nil }
        return Double(after) / Double(before)
    }
}
