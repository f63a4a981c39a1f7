/// What to translate: one video, from one language into another (spec §5.1).
public struct VOTTranslationRequest: Sendable, Hashable {
    /// Source languages the service accepts (`auto` lets it detect).
    public static let sourceLanguages: Set<String> = ["auto", "ru", "en", "zh", "ko", "lt", "lv", "ar", "fr", "it", "es", "de", "ja"]
    /// Languages the service can speak.
    public static let targetLanguages: Set<String> = ["ru", "en", "kk"]
    /// The duration sent when the real one is unknown, in seconds.
    public static let defaultDuration = 310.0

    /// The canonical video page URL (YouTube: `https://youtu.be/<id>`; direct files: the file URL).
    public var url: String
    /// The video's length in seconds; nil sends ``defaultDuration``.
    public var duration: Double?
    /// The spoken language of the video, or `auto`.
    public var sourceLanguage: String
    /// The language to speak.
    public var targetLanguage: String
    /// True when a person picked ``sourceLanguage`` (not detected).
    public var forceSourceLanguage: Bool
    /// The video's title (the browser sends the page title); empty sends nothing.
    public var title: String
    /// A direct media URL for sites the service cannot read itself (`translationHelp`).
    public var directMediaURL: String?
    /// Ask for a lively (cloned) voice; needs an OAuth token and source ≠ `auto`.
    public var useLivelyVoice: Bool

    /// Creates a request; the defaults are those of the reference clients.
    public init(
        url: String,
        duration: Double? = nil,
        sourceLanguage: String = "en",
        targetLanguage: String = "ru",
        forceSourceLanguage: Bool = false,
        title: String = "",
        directMediaURL: String? = nil,
        useLivelyVoice: Bool = false
    ) {
        self.url = url
        self.duration = duration
        self.sourceLanguage = sourceLanguage
        self.targetLanguage = targetLanguage
        self.forceSourceLanguage = forceSourceLanguage
        self.title = title
        self.directMediaURL = directMediaURL
        self.useLivelyVoice = useLivelyVoice
    }

    /// Whether the URL is a short YouTube link (the only kind `fail-audio-js` helps with).
    public var isYouTube: Bool { url.hasPrefix("https://youtu.be/") }

    /// The protobuf message; every poll sends the same one.
    public var message: VOTProto_VideoTranslationRequest {
        var message = VOTProto_VideoTranslationRequest()
        message.url = url
        message.firstRequest = true
        message.duration = duration ?? Self.defaultDuration
        message.unknown0 = true
        message.language = sourceLanguage
        message.forceSourceLang = forceSourceLanguage
        message.unknown1 = false
        if let directMediaURL {
            var help = VOTProto_VideoTranslationHelpObject()
            help.target = "video_file_url"
            help.targetURL = directMediaURL
            message.translationHelp = [help]
        }
        message.responseLanguage = targetLanguage
        message.unknown2 = true
        message.unknown3 = 2
        message.useLivelyVoice = useLivelyVoice
        message.videoTitle = title
        return message
    }
}
