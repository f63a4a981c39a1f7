import Foundation

/// How the PROCESSING stage turns a downloaded file into one of a chosen quality and size (seed
/// 003's ProcessingConfig): the highest picture height, the video codec and its speed/quality
/// settings, the audio, the container, the hardware wish and what happens to the original.
///
/// Profiles are named (`720p-hevc`); Spool ships one per quality and codec (``builtIns``), and a
/// stored profile of the same name replaces the shipped one. A job keeps a copy of the profile it
/// was added with, so editing a profile later changes new jobs only.
public struct ProcessingProfile: Sendable, Codable, Hashable {
    /// The profile's name: lowercase letters, digits, `-` and `_`, 1–40 characters.
    public var name: String
    /// The highest picture height kept; taller videos are scaled down, smaller ones never up.
    public var quality: VideoQuality
    /// The video codec of the result.
    public var codec: VideoCodec
    /// The encoder's speed/size trade (x264/x265 names; mapped for SVT-AV1 and hardware encoders).
    public var preset: CompressionPreset
    /// The constant-quality level (CRF, or CQ/QP on hardware); nil means the codec's default
    /// (``VideoCodec/defaultLevel``). Lower is better and bigger.
    public var level: Int?
    /// What happens to the audio tracks (all of them are kept).
    public var audio: AudioCodecChoice
    /// Bit rate of re-encoded audio in kbit/s.
    public var audioBitrate: Int
    /// The container of the result; nil keeps the downloaded file's.
    public var container: OutputContainer?
    /// Use a working hardware encoder when there is one (falls back to software once when it fails).
    public var useGPU: Bool
    /// Stream-copy instead of re-encoding when the file already meets the profile.
    public var copyWhenCompliant: Bool
    /// Fit the result under this many MB (10^6 bytes) by a two-pass encode at a computed bit rate;
    /// nil encodes at constant quality.
    public var targetSizeMB: Int?
    /// Keep the downloaded file beside the result (`name.profile.ext`); false replaces it.
    public var keepOriginal: Bool
    /// A quality score of the result against the original, measured on a sample after the encode.
    public var qualityMetric: QualityMetric?
    /// Decode the whole result once before accepting it (slower, catches damaged output).
    public var fullDecodeCheck: Bool

    /// Creates a profile with Spool's defaults: h264 at 1080p, `medium`, the codec's level,
    /// audio copied, the original kept, no GPU.
    public init(
        name: String, quality: VideoQuality = .p1080, codec: VideoCodec = .h264, preset: CompressionPreset = .medium,
        level: Int? = nil, audio: AudioCodecChoice = .copy, audioBitrate: Int = 128, container: OutputContainer? = nil,
        useGPU: Bool = false, copyWhenCompliant: Bool = true, targetSizeMB: Int? = nil, keepOriginal: Bool = true,
        qualityMetric: QualityMetric? = nil, fullDecodeCheck: Bool = false
    ) {
        self.name = name
        self.quality = quality
        self.codec = codec
        self.preset = preset
        self.level = level
        self.audio = audio
        self.audioBitrate = audioBitrate
        self.container = container
        self.useGPU = useGPU
        self.copyWhenCompliant = copyWhenCompliant
        self.targetSizeMB = targetSizeMB
        self.keepOriginal = keepOriginal
        self.qualityMetric = qualityMetric
        self.fullDecodeCheck = fullDecodeCheck
    }

    /// The level used: the profile's, else the codec's default.
    public var effectiveLevel: Int { level ?? codec.defaultLevel }

    /// The profiles Spool ships: one per quality and codec (`480p-h264` … `2160p-av1`), each with
    /// the defaults above.
    public static let builtIns: [ProcessingProfile] = VideoQuality.allCases.flatMap { quality in
        VideoCodec.allCases.map { codec in
            ProcessingProfile(name: "\(quality.rawValue)-\(codec.rawValue)", quality: quality, codec: codec)
        }
    }

    /// The shipped profile named `name`, if any.
    public static func builtIn(named name: String) -> ProcessingProfile? {
        builtIns.first { $0.name == name }
    }

    /// Throws `invalid_input` naming the first unusable field.
    public func validate() throws(SpoolError) {
        try Self.validateName(name)
        if let level, !codec.levelRange.contains(level) {
            throw SpoolError(.invalidInput, "level \(level) is outside \(codec.rawValue)'s range \(codec.levelRange.lowerBound)–\(codec.levelRange.upperBound)")
        }
        guard (32...512).contains(audioBitrate) else {
            throw SpoolError(.invalidInput, "audioBitrate must be 32–512 kbit/s, got \(audioBitrate)")
        }
        if let targetSizeMB, !(1...1_000_000).contains(targetSizeMB) {
            throw SpoolError(.invalidInput, "targetSizeMB must be 1–1000000, got \(targetSizeMB)")
        }
    }

    /// Throws `invalid_input` unless `name` is 1–40 lowercase letters, digits, `-` or `_`.
    public static func validateName(_ name: String) throws(SpoolError) {
        guard !name.isEmpty, name.count <= 40,
              name.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" })
        else {
            throw SpoolError(.invalidInput, "a processing profile name is 1–40 lowercase letters, digits, '-' or '_' (got '\(name.prefix(60))')")
        }
    }
}

/// The highest picture height a profile keeps.
public enum VideoQuality: String, Sendable, Codable, Hashable, CaseIterable {
    case p480 = "480p"
    case p720 = "720p"
    case p1080 = "1080p"
    case p1440 = "1440p"
    case p2160 = "2160p"

    /// The height in pixels.
    public var maxHeight: Int {
        switch self {
        case .p480: 480
        case .p720: 720
        case .p1080: 1080
        case .p1440: 1440
        case .p2160: 2160
        }
    }
}

/// A video codec a profile encodes to.
public enum VideoCodec: String, Sendable, Codable, Hashable, CaseIterable {
    case h264
    case hevc
    case av1

    /// The software encoder (libaom is left out: ~25× slower than SVT-AV1 here).
    public var softwareEncoder: String {
        switch self {
        case .h264: "libx264"
        case .hevc: "libx265"
        case .av1: "libsvtav1"
        }
    }

    /// The constant-quality level used when a profile sets none (x264 23, x265 28, SVT-AV1 35).
    public var defaultLevel: Int {
        switch self {
        case .h264: 23
        case .hevc: 28
        case .av1: 35
        }
    }

    /// The levels the encoder accepts.
    public var levelRange: ClosedRange<Int> {
        switch self {
        case .h264, .hevc: 0...51
        case .av1: 0...63
        }
    }

    /// The codec as ffprobe names it (`h264`, `hevc`, `av1`).
    public var probeName: String { rawValue }
}

/// The speed/size trade of an encode, in x264's words; slower presets give smaller files at the
/// same quality.
public enum CompressionPreset: String, Sendable, Codable, Hashable, CaseIterable {
    case ultrafast, superfast, veryfast, faster, fast, medium, slow, slower, veryslow

    /// 0 (fastest) … 8 (slowest).
    public var rank: Int { Self.allCases.firstIndex(of: self)! }
}

/// What happens to a file's audio tracks.
public enum AudioCodecChoice: String, Sendable, Codable, Hashable, CaseIterable {
    /// Kept as they are (re-encoded to AAC only when the container cannot hold them).
    case copy
    /// Re-encoded to AAC.
    case aac
    /// Re-encoded to Opus.
    case opus
}

/// A full-reference quality score of the result against the original.
public enum QualityMetric: String, Sendable, Codable, Hashable, CaseIterable {
    /// Structural similarity, 0…1 (1 is identical).
    case ssim
    /// Peak signal-to-noise ratio in dB.
    case psnr
    /// Netflix's VMAF, 0…100, when ffmpeg has libvmaf.
    case vmaf
}
