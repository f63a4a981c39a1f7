import SpoolCore

/// A download profile as the API shows it. Every member is always present; unset values are `null`.
public struct ProfileDTO: Sendable, Codable, Hashable, Identifiable {
    /// The profile's id.
    public var id: Int64
    /// Unique display name.
    public var name: String
    /// A format preset (`best`, `1080p`, …) or a yt-dlp format expression.
    public var format: String
    /// Container of the finished files.
    public var container: OutputContainer
    /// Subtitle languages to fetch.
    public var subtitleLanguages: [String]
    /// Take automatic captions when a language has no written subtitles.
    public var autoSubtitles: Bool
    /// Keep the thumbnail.
    public var writeThumbnail: Bool
    /// Keep yt-dlp's `info.json`.
    public var writeInfoJSON: Bool
    /// Write Kodi/Jellyfin NFO files.
    public var writeNFO: Bool
    /// SponsorBlock `mark` or `remove`; nil leaves videos as they are.
    public var sponsorBlock: SponsorBlockMode?
    /// A voice-over for every new video; nil for none.
    public var voiceOver: VoiceOver?
    /// The processing profile every new video is transcoded with (its name); nil for none.
    public var process: String?
    /// The storage target new videos go to (`local` for the library); nil for the server's default.
    public var storage: String?

    /// A voice-over choice `{targetLang, engine}` (engine `null` means the server's default).
    public struct VoiceOver: Sendable, Codable, Hashable {
        /// Voice-over language (ISO 639-1).
        public var targetLang: String
        /// `yandex`, `tts` or `openai`; nil for the server's default.
        public var engine: String?

        /// Creates a choice.
        public init(targetLang: String, engine: String? = nil) {
            self.targetLang = targetLang
            self.engine = engine
        }

        private enum CodingKeys: String, CodingKey, CaseIterable {
            case targetLang, engine
        }

        /// Decodes strictly: `targetLang` is required, other members are `unknown_field`.
        public init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(allowed: CodingKeys.memberNames, parent: "voiceOver")
            let c = try decoder.container(keyedBy: CodingKeys.self)
            guard let targetLang = try c.decodeIfPresent(String.self, forKey: .targetLang) else {
                throw SpoolError(.invalidInput, "voiceOver.targetLang is required")
            }
            self.targetLang = targetLang
            engine = try c.decodeIfPresent(String.self, forKey: .engine)
        }

        /// Encodes both members, a default engine as `null`.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(targetLang, forKey: .targetLang)
            try c.encode(engine, forKey: .engine)
        }
    }

    /// The API view of a profile.
    public init(_ profile: Profile) {
        id = profile.id
        name = profile.name
        format = profile.format
        container = profile.container
        subtitleLanguages = profile.subtitleLanguages
        autoSubtitles = profile.autoSubtitles
        writeThumbnail = profile.writeThumbnail
        writeInfoJSON = profile.writeInfoJSON
        writeNFO = profile.writeNFO
        sponsorBlock = profile.sponsorBlock
        voiceOver = profile.voiceOver.map { VoiceOver(targetLang: $0.targetLang, engine: $0.engine) }
        process = profile.process
        storage = profile.storage
    }

    private enum CodingKeys: String, CodingKey {
        case id, name, format, container, subtitleLanguages, autoSubtitles, writeThumbnail, writeInfoJSON, writeNFO, sponsorBlock, voiceOver
        case process, storage
    }

    /// Encodes every member, nil as `null`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(format, forKey: .format)
        try c.encode(container, forKey: .container)
        try c.encode(subtitleLanguages, forKey: .subtitleLanguages)
        try c.encode(autoSubtitles, forKey: .autoSubtitles)
        try c.encode(writeThumbnail, forKey: .writeThumbnail)
        try c.encode(writeInfoJSON, forKey: .writeInfoJSON)
        try c.encode(writeNFO, forKey: .writeNFO)
        try c.encode(sponsorBlock, forKey: .sponsorBlock)
        try c.encode(voiceOver, forKey: .voiceOver)
        try c.encode(process, forKey: .process)
        try c.encode(storage, forKey: .storage)
    }
}
