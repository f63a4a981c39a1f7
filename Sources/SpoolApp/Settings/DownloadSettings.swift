/// The download stage: how many at once, stalls, bandwidth, naming, the default container and the
/// direct-file fast path.
public struct DownloadSettings: Sendable {
    /// Downloads at once (DOWNLOAD_CONCURRENCY, default 1).
    public var concurrency: Int = 1
    /// No progress for this long restarts a download (STALL_TIMEOUT, default 120s).
    public var stallTimeout: Duration = .seconds(120)
    /// Restarts after stalls before failing (STALL_RESTARTS, default 1).
    public var stallRestarts: Int = 1
    /// Bandwidth limit for downloads (DOWNLOAD_RATE_LIMIT, yt-dlp syntax like 5M).
    public var rateLimit: String?
    /// Default output template (OUTPUT_TEMPLATE).
    public var outputTemplate: String?
    /// Default container (DEFAULT_CONTAINER, default mkv).
    public var defaultContainer: String = "mkv"
    /// Whether a URL that serves a plain media file is downloaded natively, without yt-dlp
    /// (DIRECT_DOWNLOAD, default true).
    public var directDownload = true
    /// Connections per host of a direct download of 20 MiB or more (DIRECT_CONNECTIONS, 1–16,
    /// default 4).
    public var directConnections = 4

    /// Defaults.
    public init() {}

    init(reader: EnvironmentReader) throws {
        concurrency = try reader.int("DOWNLOAD_CONCURRENCY", range: 1...64) ?? concurrency
        stallTimeout = try reader.duration("STALL_TIMEOUT") ?? stallTimeout
        stallRestarts = try reader.int("STALL_RESTARTS", range: 0...100) ?? stallRestarts
        rateLimit = reader.string("DOWNLOAD_RATE_LIMIT")
        directDownload = try reader.bool("DIRECT_DOWNLOAD") ?? directDownload
        directConnections = try reader.int("DIRECT_CONNECTIONS", range: 1...16) ?? directConnections
        outputTemplate = reader.string("OUTPUT_TEMPLATE")
        if let container = reader.string("DEFAULT_CONTAINER") {
            guard ["mkv", "mp4"].contains(container) else {
                throw ConfigurationError(variable: "DEFAULT_CONTAINER", message: "must be mkv or mp4")
            }
            defaultContainer = container
        }
    }
}
