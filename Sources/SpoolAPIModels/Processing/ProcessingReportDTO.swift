import SpoolCore

/// What the PROCESSING stage did to a job's file, as the API shows it (a job's
/// `processingReport`). Every member is always present; unknown values are `null`.
public struct ProcessingReportDTO: Sendable, Codable, Hashable {
    /// One file's measurements.
    public struct FileSummary: Sendable, Codable, Hashable {
        /// Size in bytes.
        public var size: Int64?
        /// Overall bit rate in bits per second.
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

        /// Copies a core summary.
        public init(_ summary: ProcessingReport.FileSummary) {
            size = summary.size
            bitRate = summary.bitRate
            videoCodec = summary.videoCodec
            width = summary.width
            height = summary.height
            duration = summary.duration
            audioTracks = summary.audioTracks
        }

        /// Encodes every member, nil as `null`.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(size, forKey: .size)
            try c.encode(bitRate, forKey: .bitRate)
            try c.encode(videoCodec, forKey: .videoCodec)
            try c.encode(width, forKey: .width)
            try c.encode(height, forKey: .height)
            try c.encode(duration, forKey: .duration)
            try c.encode(audioTracks, forKey: .audioTracks)
        }
    }

    /// A full-reference quality score `{metric, value, sampleSeconds}`.
    public struct QualityScore: Sendable, Codable, Hashable {
        /// `ssim`, `psnr` or `vmaf`.
        public var metric: QualityMetric
        /// The score (SSIM 0…1, PSNR in dB, VMAF 0…100).
        public var value: Double
        /// Seconds of video it was measured on.
        public var sampleSeconds: Double

        /// Copies a core score.
        public init(_ score: ProcessingReport.QualityScore) {
            metric = score.metric
            value = score.value
            sampleSeconds = score.sampleSeconds
        }
    }

    /// The processing profile's name.
    public var profile: String
    /// `skip`, `copy`, `encode` or `two_pass`.
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
    /// Wall time of the encode in seconds.
    public var seconds: Double
    /// Media seconds written per wall second.
    public var speed: Double?
    /// The quality score, when the profile asks for one.
    public var quality: QualityScore?
    /// Where the original was kept, when the profile keeps it.
    public var originalPath: String?

    /// The API view of a report.
    public init(_ report: ProcessingReport) {
        profile = report.profile
        mode = report.mode
        encoder = report.encoder
        hardware = report.hardware
        fallbackReason = report.fallbackReason
        input = FileSummary(report.input)
        output = FileSummary(report.output)
        seconds = report.seconds
        speed = report.speed
        quality = report.quality.map(QualityScore.init)
        originalPath = report.originalPath
    }

    private enum CodingKeys: String, CodingKey {
        case profile, mode, encoder, hardware, fallbackReason, input, output, seconds, speed, quality, originalPath
    }

    /// Encodes every member, nil as `null`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(profile, forKey: .profile)
        try c.encode(mode, forKey: .mode)
        try c.encode(self.encoder, forKey: .encoder)
        try c.encode(hardware, forKey: .hardware)
        try c.encode(fallbackReason, forKey: .fallbackReason)
        try c.encode(input, forKey: .input)
        try c.encode(output, forKey: .output)
        try c.encode(seconds, forKey: .seconds)
        try c.encode(speed, forKey: .speed)
        try c.encode(quality, forKey: .quality)
        try c.encode(originalPath, forKey: .originalPath)
    }
}
