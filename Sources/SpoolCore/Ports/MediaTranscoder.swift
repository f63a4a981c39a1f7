import Foundation

/// Writes a job's file again under a processing profile (ffmpeg in SpoolMedia): the PROCESSING
/// stage's encode, its quality score and its optional full decode check.
///
/// Every operation reads and writes local files, throws ``SpoolError`` (`tool_failed`,
/// `tool_missing`), and stops its ffmpeg when the calling task is cancelled.
public protocol MediaTranscoder: Sendable {
    /// Writes `request.source` to `request.output` as `request.plan` says, calling `progress`
    /// as ffmpeg reports (both passes of a two-pass encode, as one 0…100).
    ///
    /// - Returns: the command lines it ran, one per pass, shell-quoted (for the job's log, so a
    ///   user can run the same encode by hand).
    @discardableResult
    func transcode(_ request: TranscodeRequest, progress: @escaping @Sendable (TranscodeProgress) async -> Void) async throws -> [String]

    /// The full-reference score of `encoded` against `reference` (scaled to the reference's size),
    /// measured on the first `sampleSeconds` seconds.
    func measureQuality(reference: String, encoded: String, metric: QualityMetric, sampleSeconds: Double) async throws -> Double

    /// Decodes every frame of `path`; throws `tool_failed` with ffmpeg's first error when one fails.
    func checkDecodes(_ path: String) async throws
}

/// One encode: the files, the plan and the encoder.
public struct TranscodeRequest: Sendable, Hashable {
    /// The downloaded file.
    public var source: String
    /// Where the result goes (its extension matches `plan.container`).
    public var output: String
    /// A folder for scratch files (two-pass logs).
    public var workDirectory: String
    /// What to write.
    public var plan: TranscodePlan
    /// The profile (codec, preset, level, audio bit rate).
    public var profile: ProcessingProfile
    /// The hardware encoder to use; nil encodes in software (``VideoCodec/softwareEncoder``).
    public var hardware: HardwareEncoderStatus?
    /// The source's duration in seconds, for percentages.
    public var duration: Double?

    /// Creates a request.
    public init(
        source: String, output: String, workDirectory: String, plan: TranscodePlan, profile: ProcessingProfile,
        hardware: HardwareEncoderStatus? = nil, duration: Double? = nil
    ) {
        self.source = source
        self.output = output
        self.workDirectory = workDirectory
        self.plan = plan
        self.profile = profile
        self.hardware = hardware
        self.duration = duration
    }

    /// The ffmpeg video encoder this request uses (`copy` for a stream copy).
    public var encoderName: String {
        switch plan.mode {
        case .copy, .skip: "copy"
        case .encode, .twoPass: hardware?.name ?? profile.codec.softwareEncoder
        }
    }
}

/// Progress of an encode.
public struct TranscodeProgress: Sendable, Hashable {
    /// 0…100 over the whole encode (a two-pass encode counts both passes).
    public var percent: Double?
    /// Frames per second.
    public var fps: Double?
    /// Media seconds written per wall second (`speed=2.1x`).
    public var speed: Double?
    /// Seconds left, from the speed.
    public var eta: Double?

    /// Creates a progress value.
    public init(percent: Double? = nil, fps: Double? = nil, speed: Double? = nil, eta: Double? = nil) {
        self.percent = percent
        self.fps = fps
        self.speed = speed
        self.eta = eta
    }
}
