import SpoolCore

/// The body of `POST /api/profiles` and `PUT /api/profiles/{id}`: a whole profile. `name` is
/// required; members left out take Spool's defaults (best quality in MKV, thumbnail and info.json
/// kept). An `id` member is accepted and ignored (the path names the profile), so a client may send
/// back what it read. Decoding is strict: unknown members are `unknown_field`, unknown enum values
/// `invalid_input` naming the member.
public struct ProfileRequest: Sendable, Codable, Hashable {
    /// Unique display name.
    public var name: String
    /// A format preset or a yt-dlp format expression.
    public var format: String?
    /// Container of the finished files.
    public var container: OutputContainer?
    /// Subtitle languages to fetch.
    public var subtitleLanguages: [String]?
    /// Take automatic captions.
    public var autoSubtitles: Bool?
    /// Keep the thumbnail.
    public var writeThumbnail: Bool?
    /// Keep `info.json`.
    public var writeInfoJSON: Bool?
    /// Write NFO files.
    public var writeNFO: Bool?
    /// SponsorBlock `mark` or `remove`.
    public var sponsorBlock: SponsorBlockMode?
    /// A voice-over for every new video.
    public var voiceOver: ProfileDTO.VoiceOver?
    /// The processing profile every new video is transcoded with; the server checks that it exists.
    public var process: String?
    /// The storage target new videos go to (`local` for the library); the server checks that it exists.
    public var storage: String?

    /// Creates a request; members left nil take the defaults.
    public init(
        name: String, format: String? = nil, container: OutputContainer? = nil, subtitleLanguages: [String]? = nil, autoSubtitles: Bool? = nil,
        writeThumbnail: Bool? = nil, writeInfoJSON: Bool? = nil, writeNFO: Bool? = nil, sponsorBlock: SponsorBlockMode? = nil,
        voiceOver: ProfileDTO.VoiceOver? = nil, process: String? = nil, storage: String? = nil
    ) {
        self.storage = storage
        self.name = name
        self.format = format
        self.container = container
        self.subtitleLanguages = subtitleLanguages
        self.autoSubtitles = autoSubtitles
        self.writeThumbnail = writeThumbnail
        self.writeInfoJSON = writeInfoJSON
        self.writeNFO = writeNFO
        self.sponsorBlock = sponsorBlock
        self.voiceOver = voiceOver
        self.process = process
    }

    /// The profile this request describes, with the given id.
    public func profile(id: Int64 = 0) -> Profile {
        let defaults = Profile(name: name)
        var profile = Profile(
            id: id, name: name.trimmingCharacters(in: .whitespaces), format: format ?? defaults.format, container: container ?? defaults.container,
            subtitleLanguages: subtitleLanguages ?? defaults.subtitleLanguages, autoSubtitles: autoSubtitles ?? defaults.autoSubtitles,
            writeThumbnail: writeThumbnail ?? defaults.writeThumbnail, writeInfoJSON: writeInfoJSON ?? defaults.writeInfoJSON,
            writeNFO: writeNFO ?? defaults.writeNFO, sponsorBlock: sponsorBlock,
            voiceOver: voiceOver.map { VoiceOverChoice(targetLang: $0.targetLang, engine: $0.engine) }
        )
        profile.process = process
        profile.storage = storage
        return profile
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case id, name, format, container, subtitleLanguages, autoSubtitles, writeThumbnail, writeInfoJSON, writeNFO, sponsorBlock, voiceOver
        case process, storage
    }

    /// Decodes strictly (see the type's documentation).
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(allowed: CodingKeys.memberNames)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        _ = try c.decodeIfPresent(Int64.self, forKey: .id)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? ""
        format = try c.decodeIfPresent(String.self, forKey: .format)
        container = try c.decodeChoice(OutputContainer.self, forKey: .container, name: "container")
        subtitleLanguages = try c.decodeIfPresent([String].self, forKey: .subtitleLanguages)
        autoSubtitles = try c.decodeIfPresent(Bool.self, forKey: .autoSubtitles)
        writeThumbnail = try c.decodeIfPresent(Bool.self, forKey: .writeThumbnail)
        writeInfoJSON = try c.decodeIfPresent(Bool.self, forKey: .writeInfoJSON)
        writeNFO = try c.decodeIfPresent(Bool.self, forKey: .writeNFO)
        sponsorBlock = try c.decodeChoice(SponsorBlockMode.self, forKey: .sponsorBlock, name: "sponsorBlock")
        voiceOver = try c.decodeIfPresent(ProfileDTO.VoiceOver.self, forKey: .voiceOver)
        process = try c.decodeIfPresent(String.self, forKey: .process)
        storage = try c.decodeIfPresent(String.self, forKey: .storage)
    }

    /// Encodes the members that are set.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encodeIfPresent(format, forKey: .format)
        try c.encodeIfPresent(container, forKey: .container)
        try c.encodeIfPresent(subtitleLanguages, forKey: .subtitleLanguages)
        try c.encodeIfPresent(autoSubtitles, forKey: .autoSubtitles)
        try c.encodeIfPresent(writeThumbnail, forKey: .writeThumbnail)
        try c.encodeIfPresent(writeInfoJSON, forKey: .writeInfoJSON)
        try c.encodeIfPresent(writeNFO, forKey: .writeNFO)
        try c.encodeIfPresent(sponsorBlock, forKey: .sponsorBlock)
        try c.encodeIfPresent(voiceOver, forKey: .voiceOver)
        try c.encodeIfPresent(process, forKey: .process)
        try c.encodeIfPresent(storage, forKey: .storage)
    }
}
