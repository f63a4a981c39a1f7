import Foundation

/// Reusable download settings for the videos of one or more sources (Pinchflat's media profile):
/// format, container, subtitles, side files, SponsorBlock and an optional voice-over.
public struct Profile: Sendable, Codable, Hashable, Identifiable {
    /// The store's id (0 before the profile is stored).
    public var id: Int64
    /// A unique display name.
    public var name: String
    /// A ``FormatPreset`` name or a yt-dlp format expression.
    public var format: String
    /// The container of the finished files.
    public var container: OutputContainer
    /// Subtitle languages to fetch (empty means none).
    public var subtitleLanguages: [String]
    /// Take automatic captions when a language has no written subtitles.
    public var autoSubtitles: Bool
    /// Keep the thumbnail beside the video (poster in the media-server layout).
    public var writeThumbnail: Bool
    /// Keep yt-dlp's `info.json` beside the video.
    public var writeInfoJSON: Bool
    /// Write Kodi/Jellyfin NFO files (episode and `tvshow.nfo`).
    public var writeNFO: Bool
    /// Mark or remove SponsorBlock segments; nil leaves the video as it is.
    public var sponsorBlock: SponsorBlockMode?
    /// A voice-over applied to every new video (target language and engine); nil for none.
    public var voiceOver: VoiceOverChoice?
    /// The processing profile every new video is transcoded with (``ProcessingProfile`` name); nil for none.
    public var process: String?
    /// The storage target new videos go to (a ``StorageTargets`` name, `local` for the library);
    /// nil takes the deployment's default (`STORAGE_TARGET`).
    public var storage: String?

    /// Creates a profile with Spool's defaults (best quality in MKV, info.json and thumbnail kept).
    public init(
        id: Int64 = 0, name: String, format: String = FormatPreset.best.rawValue, container: OutputContainer = .mkv,
        subtitleLanguages: [String] = [], autoSubtitles: Bool = false, writeThumbnail: Bool = true, writeInfoJSON: Bool = true,
        writeNFO: Bool = false, sponsorBlock: SponsorBlockMode? = nil, voiceOver: VoiceOverChoice? = nil
    ) {
        self.id = id
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
    }

    /// The settings of sources that name no profile.
    public static let builtIn = Profile(name: "default")

    /// Throws `invalid_input`/`invalid_format` when a field is unusable (same checks as a job's options).
    public func validate() throws {
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty, name.count <= 100 else {
            throw SpoolError(.invalidInput, "profile name must be 1–100 characters")
        }
        try jobOptions(url: "https://example.invalid/", template: nil, sourceName: name).validate()
    }

    /// The options of the job that downloads one video of a source with this profile.
    public func jobOptions(url: String, template: String?, sourceName: String) -> JobOptions {
        var options = JobOptions(
            url: url, formatPreset: format, outputContainer: container, requestedDubbing: voiceOver != nil,
            targetLang: voiceOver?.targetLang, dubbingProvider: voiceOver?.engine, subtitleLanguages: subtitleLanguages,
            tags: ["source:\(sourceName)"], outputTemplate: template
        )
        options.archive = ArchiveFiles(
            writeInfoJSON: writeInfoJSON, writeThumbnail: writeThumbnail, autoSubtitles: autoSubtitles, writeNFO: writeNFO,
            sponsorBlock: sponsorBlock, showName: sourceName
        )
        options.storage = storage
        return options
    }
}

/// What SponsorBlock does with sponsor segments.
public enum SponsorBlockMode: String, Sendable, Codable, Hashable, CaseIterable {
    /// Chapters mark the segments.
    case mark
    /// The segments are cut out.
    case remove
}

/// A voice-over wanted for every video of a profile.
public struct VoiceOverChoice: Sendable, Codable, Hashable {
    /// The voice-over language (ISO 639-1).
    public var targetLang: String
    /// The engine (`yandex`, `tts`, `openai`); nil means the configured default.
    public var engine: String?

    /// Creates a choice.
    public init(targetLang: String, engine: String? = nil) {
        self.targetLang = targetLang
        self.engine = engine
    }
}

/// The side files an archived video keeps (set on jobs a source creates; nil for one-off jobs).
public struct ArchiveFiles: Sendable, Codable, Hashable {
    /// yt-dlp's `info.json` beside the video.
    public var writeInfoJSON: Bool
    /// The thumbnail beside the video.
    public var writeThumbnail: Bool
    /// Automatic captions when a language has no written subtitles (subtitles are kept as files).
    public var autoSubtitles: Bool
    /// Kodi/Jellyfin episode NFO beside the video.
    public var writeNFO: Bool
    /// SponsorBlock marking or removal.
    public var sponsorBlock: SponsorBlockMode?
    /// The show (source) name written into NFO files.
    public var showName: String
    /// The source that queued the job (its progress is announced when the job ends).
    public var sourceID: Int64?

    /// Creates the choice of side files.
    public init(
        writeInfoJSON: Bool = true, writeThumbnail: Bool = true, autoSubtitles: Bool = false, writeNFO: Bool = false,
        sponsorBlock: SponsorBlockMode? = nil, showName: String, sourceID: Int64? = nil
    ) {
        self.sourceID = sourceID
        self.writeInfoJSON = writeInfoJSON
        self.writeThumbnail = writeThumbnail
        self.autoSubtitles = autoSubtitles
        self.writeNFO = writeNFO
        self.sponsorBlock = sponsorBlock
        self.showName = showName
    }
}
