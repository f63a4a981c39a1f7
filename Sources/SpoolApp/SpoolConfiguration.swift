import Foundation

/// Everything a Spool process reads from the environment (seed names) and flags, one nested
/// settings value per capability; each reads its own variables.
public struct SpoolConfiguration: Sendable {
    /// HTTP, web UI, sessions, the first admin.
    public var server = ServerSettings()
    /// Database file, media root, work folders, free-space floor.
    public var storage = StorageSettings()
    /// Log level and format.
    public var logging = LoggingSettings()
    /// Retries and leases of every stage.
    public var retries = RetrySettings()
    /// yt-dlp, ffmpeg, ffprobe.
    public var tools = ToolSettings()
    /// The download stage.
    public var download = DownloadSettings()
    /// The dub stage and its engines.
    public var dubbing = DubbingSettings()
    /// The mux stage.
    public var mux = MuxSettings()
    /// The PROCESSING stage: transcodes and hardware encoders.
    public var processing = ProcessingSettings()
    /// Followed sources: checks, feed polls, politeness.
    public var archive = ArchiveSettings()
    /// S3-compatible storage targets and uploads.
    public var objectStorage = ObjectStorageSettings()
    /// Redis and PostgreSQL, worker identity.
    public var distributed = DistributedSettings()
    /// Maintenance on the generic queue: its schedule, the library's retention, the temp sweep.
    public var maintenance = MaintenanceSettings()
    /// Notifications: webhooks, done-scripts, Apprise.
    public var notifications = NotificationSettings()
    /// OpenTelemetry tracing (off unless an OTLP endpoint is set).
    public var tracing = TracingSettings()
    /// The HTTP edge: TLS, timeouts, connection limit, Host and CORS allow-lists, trusted proxies.
    public var edge = EdgeSettings()

    /// Whether REDIS_URL and DATABASE_URL select the distributed backend.
    public var isDistributed: Bool { distributed.isEnabled }

    /// Defaults.
    public init() {}

    /// Reads the environment over the defaults; throws a message naming the bad variable.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> SpoolConfiguration {
        let reader = EnvironmentReader(env: env)
        var config = SpoolConfiguration()
        config.server = try ServerSettings(reader: reader)
        config.storage = try StorageSettings(reader: reader)
        config.logging = try LoggingSettings(reader: reader)
        config.retries = try RetrySettings(reader: reader)
        config.tools = try ToolSettings(reader: reader)
        config.download = try DownloadSettings(reader: reader)
        config.dubbing = try DubbingSettings(reader: reader, ffmpegPath: config.tools.ffmpegPath, ffprobePath: config.tools.ffprobePath)
        config.mux = try MuxSettings(reader: reader)
        config.processing = try ProcessingSettings(reader: reader)
        config.archive = try ArchiveSettings(reader: reader)
        config.objectStorage = try ObjectStorageSettings(reader: reader)
        config.distributed = try DistributedSettings(reader: reader)
        config.maintenance = try MaintenanceSettings(reader: reader)
        config.notifications = try NotificationSettings(reader: reader)
        config.tracing = try TracingSettings(reader: reader)
        config.edge = try EdgeSettings(reader: reader)
        return config
    }
}

/// A configuration value that could not be used.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    /// The variable or flag.
    public var variable: String
    /// What is wrong.
    public var message: String
    /// `VARIABLE: message`.
    public var description: String { "\(variable) \(message)" }
}
