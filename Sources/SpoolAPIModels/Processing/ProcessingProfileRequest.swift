import SpoolCore

/// The body of `PUT /api/processing/profiles/{name}`: a whole processing profile. Members left
/// out (or `null`) take ``ProcessingProfile``'s defaults; `name` may be left out and must equal
/// the path's when given. The read-only members of a response (`builtIn`, `stored`,
/// `effectiveLevel`) are accepted and ignored, so a client may send back what it read.
///
/// Decoding is strict: unknown members are `unknown_field`, unknown enum values and values of the
/// wrong type `invalid_input` naming the member.
public struct ProcessingProfileRequest: Sendable, Codable, Hashable {
    /// The profile's name; must match the path.
    public var name: String?
    /// Highest picture height.
    public var quality: VideoQuality?
    /// Video codec.
    public var codec: VideoCodec?
    /// Speed/size trade.
    public var preset: CompressionPreset?
    /// Constant-quality level; nil uses the codec's default.
    public var level: Int?
    /// What happens to the audio.
    public var audio: AudioCodecChoice?
    /// Bit rate of re-encoded audio in kbit/s.
    public var audioBitrate: Int?
    /// Container of the result; nil keeps the download's.
    public var container: OutputContainer?
    /// Use a working hardware encoder.
    public var useGPU: Bool?
    /// Stream-copy files that already meet the profile.
    public var copyWhenCompliant: Bool?
    /// Fit the result under this many MB.
    public var targetSizeMB: Int?
    /// Keep the downloaded file beside the result.
    public var keepOriginal: Bool?
    /// Quality score measured after the encode.
    public var qualityMetric: QualityMetric?
    /// Decode the whole result once before accepting it.
    public var fullDecodeCheck: Bool?

    /// Creates a request; members left nil take the defaults.
    public init(
        name: String? = nil, quality: VideoQuality? = nil, codec: VideoCodec? = nil, preset: CompressionPreset? = nil, level: Int? = nil,
        audio: AudioCodecChoice? = nil, audioBitrate: Int? = nil, container: OutputContainer? = nil, useGPU: Bool? = nil,
        copyWhenCompliant: Bool? = nil, targetSizeMB: Int? = nil, keepOriginal: Bool? = nil, qualityMetric: QualityMetric? = nil,
        fullDecodeCheck: Bool? = nil
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

    /// A request that stores `profile` as it is.
    public init(_ profile: ProcessingProfile) {
        self.init(
            name: profile.name, quality: profile.quality, codec: profile.codec, preset: profile.preset, level: profile.level,
            audio: profile.audio, audioBitrate: profile.audioBitrate, container: profile.container, useGPU: profile.useGPU,
            copyWhenCompliant: profile.copyWhenCompliant, targetSizeMB: profile.targetSizeMB, keepOriginal: profile.keepOriginal,
            qualityMetric: profile.qualityMetric, fullDecodeCheck: profile.fullDecodeCheck
        )
    }

    /// The profile this request describes under the path's `name`, with the defaults for the
    /// members left out; nothing is validated beyond the name's match (see ``ProcessingProfile/validate()``).
    ///
    /// - Throws: `invalid_input` when the body names another profile.
    public func profile(named name: String) throws(SpoolError) -> ProcessingProfile {
        if let given = self.name, given != name {
            throw SpoolError(.invalidInput, "name '\(given.prefix(60))' does not match the profile '\(name.prefix(60))' in the path")
        }
        let defaults = ProcessingProfile(name: name)
        return ProcessingProfile(
            name: name, quality: quality ?? defaults.quality, codec: codec ?? defaults.codec, preset: preset ?? defaults.preset,
            level: level, audio: audio ?? defaults.audio, audioBitrate: audioBitrate ?? defaults.audioBitrate, container: container,
            useGPU: useGPU ?? defaults.useGPU, copyWhenCompliant: copyWhenCompliant ?? defaults.copyWhenCompliant,
            targetSizeMB: targetSizeMB, keepOriginal: keepOriginal ?? defaults.keepOriginal, qualityMetric: qualityMetric,
            fullDecodeCheck: fullDecodeCheck ?? defaults.fullDecodeCheck
        )
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case name, quality, codec, preset, level, audio, audioBitrate, container, useGPU, copyWhenCompliant, targetSizeMB
        case keepOriginal, qualityMetric, fullDecodeCheck, builtIn, stored, effectiveLevel
    }

    /// Decodes strictly (see the type's documentation).
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(allowed: CodingKeys.memberNames)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        quality = try c.decodeChoice(VideoQuality.self, forKey: .quality, name: "quality")
        codec = try c.decodeChoice(VideoCodec.self, forKey: .codec, name: "codec")
        preset = try c.decodeChoice(CompressionPreset.self, forKey: .preset, name: "preset")
        level = try c.decodeIfPresent(Int.self, forKey: .level)
        audio = try c.decodeChoice(AudioCodecChoice.self, forKey: .audio, name: "audio")
        audioBitrate = try c.decodeIfPresent(Int.self, forKey: .audioBitrate)
        container = try c.decodeChoice(OutputContainer.self, forKey: .container, name: "container")
        useGPU = try c.decodeIfPresent(Bool.self, forKey: .useGPU)
        copyWhenCompliant = try c.decodeIfPresent(Bool.self, forKey: .copyWhenCompliant)
        targetSizeMB = try c.decodeIfPresent(Int.self, forKey: .targetSizeMB)
        keepOriginal = try c.decodeIfPresent(Bool.self, forKey: .keepOriginal)
        qualityMetric = try c.decodeChoice(QualityMetric.self, forKey: .qualityMetric, name: "qualityMetric")
        fullDecodeCheck = try c.decodeIfPresent(Bool.self, forKey: .fullDecodeCheck)
        _ = try c.decodeIfPresent(Bool.self, forKey: .builtIn)
        _ = try c.decodeIfPresent(Bool.self, forKey: .stored)
        _ = try c.decodeIfPresent(Int.self, forKey: .effectiveLevel)
    }

    /// Encodes the members that are set.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encodeIfPresent(quality, forKey: .quality)
        try c.encodeIfPresent(codec, forKey: .codec)
        try c.encodeIfPresent(preset, forKey: .preset)
        try c.encodeIfPresent(level, forKey: .level)
        try c.encodeIfPresent(audio, forKey: .audio)
        try c.encodeIfPresent(audioBitrate, forKey: .audioBitrate)
        try c.encodeIfPresent(container, forKey: .container)
        try c.encodeIfPresent(useGPU, forKey: .useGPU)
        try c.encodeIfPresent(copyWhenCompliant, forKey: .copyWhenCompliant)
        try c.encodeIfPresent(targetSizeMB, forKey: .targetSizeMB)
        try c.encodeIfPresent(keepOriginal, forKey: .keepOriginal)
        try c.encodeIfPresent(qualityMetric, forKey: .qualityMetric)
        try c.encodeIfPresent(fullDecodeCheck, forKey: .fullDecodeCheck)
    }
}
