import SpoolCore

/// A processing profile as the API shows it: the profile's settings, where it comes from and the
/// level it encodes at. Every member is always present; unset values are `null`.
public struct ProcessingProfileDTO: Sendable, Codable, Hashable {
    /// The profile's name.
    public var name: String
    /// Highest picture height (`480p` … `2160p`).
    public var quality: VideoQuality
    /// Video codec (`h264`, `hevc`, `av1`).
    public var codec: VideoCodec
    /// Speed/size trade (`ultrafast` … `veryslow`).
    public var preset: CompressionPreset
    /// Constant-quality level; nil uses the codec's default.
    public var level: Int?
    /// `copy`, `aac` or `opus`.
    public var audio: AudioCodecChoice
    /// Bit rate of re-encoded audio in kbit/s.
    public var audioBitrate: Int
    /// Container of the result; nil keeps the download's.
    public var container: OutputContainer?
    /// Use a working hardware encoder.
    public var useGPU: Bool
    /// Stream-copy files that already meet the profile.
    public var copyWhenCompliant: Bool
    /// Fit the result under this many MB; nil encodes at constant quality.
    public var targetSizeMB: Int?
    /// Keep the downloaded file beside the result.
    public var keepOriginal: Bool
    /// Quality score measured after the encode (`ssim`, `psnr`, `vmaf`); nil for none.
    public var qualityMetric: QualityMetric?
    /// Decode the whole result once before accepting it.
    public var fullDecodeCheck: Bool
    /// Whether Spool ships a profile of this name.
    public var builtIn: Bool
    /// Whether a stored profile is in effect (a user's own, or a shipped one edited).
    public var stored: Bool
    /// The level used: ``level``, else the codec's default.
    public var effectiveLevel: Int

    /// The API view of a profile.
    public init(_ profile: ProcessingProfile, builtIn: Bool, stored: Bool) {
        name = profile.name
        quality = profile.quality
        codec = profile.codec
        preset = profile.preset
        level = profile.level
        audio = profile.audio
        audioBitrate = profile.audioBitrate
        container = profile.container
        useGPU = profile.useGPU
        copyWhenCompliant = profile.copyWhenCompliant
        targetSizeMB = profile.targetSizeMB
        keepOriginal = profile.keepOriginal
        qualityMetric = profile.qualityMetric
        fullDecodeCheck = profile.fullDecodeCheck
        self.builtIn = builtIn
        self.stored = stored
        effectiveLevel = profile.effectiveLevel
    }

    /// The API view of a catalog entry.
    public init(_ entry: ProcessingProfiles.Entry) {
        self.init(entry.profile, builtIn: entry.builtIn, stored: entry.stored)
    }

    /// The profile's settings.
    public var profile: ProcessingProfile {
        ProcessingProfile(
            name: name, quality: quality, codec: codec, preset: preset, level: level, audio: audio, audioBitrate: audioBitrate,
            container: container, useGPU: useGPU, copyWhenCompliant: copyWhenCompliant, targetSizeMB: targetSizeMB,
            keepOriginal: keepOriginal, qualityMetric: qualityMetric, fullDecodeCheck: fullDecodeCheck
        )
    }

    private enum CodingKeys: String, CodingKey {
        case name, quality, codec, preset, level, audio, audioBitrate, container, useGPU, copyWhenCompliant, targetSizeMB
        case keepOriginal, qualityMetric, fullDecodeCheck, builtIn, stored, effectiveLevel
    }

    /// Encodes every member, nil as `null`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(quality, forKey: .quality)
        try c.encode(codec, forKey: .codec)
        try c.encode(preset, forKey: .preset)
        try c.encode(level, forKey: .level)
        try c.encode(audio, forKey: .audio)
        try c.encode(audioBitrate, forKey: .audioBitrate)
        try c.encode(container, forKey: .container)
        try c.encode(useGPU, forKey: .useGPU)
        try c.encode(copyWhenCompliant, forKey: .copyWhenCompliant)
        try c.encode(targetSizeMB, forKey: .targetSizeMB)
        try c.encode(keepOriginal, forKey: .keepOriginal)
        try c.encode(qualityMetric, forKey: .qualityMetric)
        try c.encode(fullDecodeCheck, forKey: .fullDecodeCheck)
        try c.encode(builtIn, forKey: .builtIn)
        try c.encode(stored, forKey: .stored)
        try c.encode(effectiveLevel, forKey: .effectiveLevel)
    }
}
