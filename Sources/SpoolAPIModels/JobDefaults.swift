import SpoolCore

/// Values the server fills in when `POST /api/jobs` leaves an option out.
public struct JobDefaults: Sendable, Hashable {
    /// Format preset (`best` unless configured).
    public var formatPreset: String
    /// Container of finished files (`DEFAULT_CONTAINER`).
    public var outputContainer: OutputContainer
    /// Voice-over language for dubbing jobs that name none (`TARGET_LANG`).
    public var targetLang: String?

    /// Creates defaults.
    public init(formatPreset: String = FormatPreset.best.rawValue, outputContainer: OutputContainer = .mkv, targetLang: String? = nil) {
        self.formatPreset = formatPreset
        self.outputContainer = outputContainer
        self.targetLang = targetLang
    }
}
