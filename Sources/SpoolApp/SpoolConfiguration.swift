import Foundation
import Logging

/// Everything `spool serve` reads from the environment (seed names) and flags.
public struct SpoolConfiguration: Sendable {
    /// Address to bind (HOST, default 0.0.0.0).
    public var host: String = "0.0.0.0"
    /// Port (PORT, default 3000).
    public var port: Int = 3000
    /// SQLite database file (DB_PATH, default ./data/spool.sqlite).
    public var databasePath: String = "./data/spool.sqlite"
    /// Media root (MEDIA_ROOT, default ./data/media).
    public var mediaRoot: String = "./data/media"
    /// Work folders (DOWNLOAD_TEMP_DIR, default MEDIA_ROOT/tmp).
    public var downloadTempDirectory: String?
    /// Log level (LOG_LEVEL: trace, debug, info, notice, warning, error, critical).
    public var logLevel: Logger.Level = .info
    /// Log format (LOG_FORMAT: text or json).
    public var logFormat: LogFormat = .text
    /// Retries after the first attempt (MAX_RETRIES, default 3).
    public var maxRetries: Int = 3
    /// First retry delay (RETRY_BASE_DELAY, default 2s), doubled per attempt.
    public var retryBaseDelay: Duration = .seconds(2)
    /// Downloads at once (DOWNLOAD_CONCURRENCY, default 1).
    public var downloadConcurrency: Int = 1
    /// Dubbing jobs at once (DUBBING_CONCURRENCY, default 2).
    public var dubbingConcurrency: Int = 2
    /// Muxing jobs at once (MUXING_CONCURRENCY, default 1).
    public var muxingConcurrency: Int = 1
    /// No progress for this long restarts a download (STALL_TIMEOUT, default 120s).
    public var stallTimeout: Duration = .seconds(120)
    /// Restarts after stalls before failing (STALL_RESTARTS, default 1).
    public var stallRestarts: Int = 1
    /// Jobs are refused below this much free space (MIN_FREE_SPACE, default 1GiB).
    public var minFreeBytes: Int64 = 1 << 30
    /// Password for the first admin (SPOOL_ADMIN_PASSWORD); generated and printed once if unset.
    public var adminPassword: String?
    /// Whether /metrics needs no token (METRICS_PUBLIC, default false).
    public var metricsPublic: Bool = false
    /// yt-dlp executable (YTDLP_PATH, default yt-dlp on PATH).
    public var ytdlpPath: String = "yt-dlp"
    /// Python with yt_dlp importable, for the warm helper (YTDLP_PYTHON; default from yt-dlp's shebang).
    public var ytdlpPython: String?
    /// Keep a warm yt-dlp ready (YTDLP_WARM, default true).
    public var ytdlpWarm: Bool = true
    /// Extra yt-dlp arguments, space separated (YTDLP_EXTRA_ARGS).
    public var ytdlpExtraArguments: [String] = []
    /// Bandwidth limit for downloads (DOWNLOAD_RATE_LIMIT, yt-dlp syntax like 5M).
    public var downloadRateLimit: String?
    /// ffmpeg executable (FFMPEG_PATH).
    public var ffmpegPath: String = "ffmpeg"
    /// ffprobe executable (FFPROBE_PATH).
    public var ffprobePath: String = "ffprobe"
    /// Default voice-over language (TARGET_LANG, default ru).
    public var targetLanguage: String = "ru"
    /// Default container (DEFAULT_CONTAINER, default mkv).
    public var defaultContainer: String = "mkv"
    /// Dubbing engine of jobs that name none (DUBBING_PROVIDER: yandex, tts or openai; default yandex).
    public var dubbingProvider: String = "yandex"
    /// Gain of the original audio while the voice-over speaks, 0–1 (DUCKING_LEVEL, default 0.3).
    public var duckingLevel: Double = 0.3
    /// Loudness of the voice-over track in LUFS (NORMALIZATION_LUFS, default -18).
    public var normalizationLUFS: Double = -18
    /// Settings of the dubbing engines (their own variables; see ``DubbingSettings``).
    public var dubbing = DubbingSettings()
    /// Login session lifetime (SESSION_TTL, default 7d).
    public var sessionTTL: Duration = .seconds(7 * 86_400)
    /// Largest request body (MAX_BODY_BYTES, default 65536).
    public var maxBodyBytes: Int = 65_536
    /// Default output template (OUTPUT_TEMPLATE).
    public var outputTemplate: String?
    /// Folder with the web UI (PUBLIC_DIR; default ./Public when present).
    public var publicDirectory: String?
    /// bcrypt cost (BCRYPT_COST, default 10).
    public var bcryptCost: Int = 10

    /// Redis for the distributed backend (REDIS_URL, `redis://user:pass@host:port/db`); nil means embedded.
    public var redisURL: String?
    /// PostgreSQL for the distributed backend (DATABASE_URL, `postgres://user:pass@host:port/db`).
    public var databaseURL: String?
    /// Prefix of every Redis key Spool uses (REDIS_KEY_PREFIX, default `spool:`).
    public var redisKeyPrefix: String = "spool:"
    /// Port of a worker's `/health` endpoint (HEALTH_PORT; seed: 8001 download, 8002 dub, 8003 mux).
    public var healthPort: Int?
    /// How long a stopping worker lets running stages finish before handing them back (SHUTDOWN_TIMEOUT, default 30s).
    public var shutdownTimeout: Duration = .seconds(30)
    /// This worker's id in heartbeats and leases (WORKER_ID; default host name and pid).
    public var workerID: String?
    /// How long a claimed job stays with a worker without a renewal (LEASE_DURATION, default 30s);
    /// a worker that dies loses its jobs to others after this long.
    public var leaseDuration: Duration = .seconds(30)

    /// Whether REDIS_URL and DATABASE_URL select the distributed backend.
    public var isDistributed: Bool { redisURL != nil }

    /// Log output formats.
    public enum LogFormat: String, Sendable { case text, json }

    /// Defaults.
    public init() {}

    /// Reads the environment over the defaults; throws a message naming the bad variable.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> SpoolConfiguration {
        var config = SpoolConfiguration()
        let reader = EnvironmentReader(env: env)
        config.host = reader.string("HOST") ?? config.host
        config.port = try reader.int("PORT", range: 0...65_535) ?? config.port
        config.databasePath = reader.string("DB_PATH") ?? config.databasePath
        config.mediaRoot = reader.string("MEDIA_ROOT") ?? config.mediaRoot
        config.downloadTempDirectory = reader.string("DOWNLOAD_TEMP_DIR")
        if let level = reader.string("LOG_LEVEL") {
            guard let parsed = Logger.Level(rawValue: level.lowercased()) ?? (level.lowercased() == "warn" ? .warning : nil) else {
                throw ConfigurationError(variable: "LOG_LEVEL", message: "must be one of trace, debug, info, notice, warning, error, critical")
            }
            config.logLevel = parsed
        }
        if let format = reader.string("LOG_FORMAT") {
            guard let parsed = LogFormat(rawValue: format.lowercased()) else {
                throw ConfigurationError(variable: "LOG_FORMAT", message: "must be text or json")
            }
            config.logFormat = parsed
        }
        config.maxRetries = try reader.int("MAX_RETRIES", range: 0...100) ?? config.maxRetries
        config.retryBaseDelay = try reader.duration("RETRY_BASE_DELAY") ?? config.retryBaseDelay
        config.downloadConcurrency = try reader.int("DOWNLOAD_CONCURRENCY", range: 1...64) ?? config.downloadConcurrency
        config.dubbingConcurrency = try reader.int("DUBBING_CONCURRENCY", range: 1...64) ?? config.dubbingConcurrency
        config.muxingConcurrency = try reader.int("MUXING_CONCURRENCY", range: 1...64) ?? config.muxingConcurrency
        config.stallTimeout = try reader.duration("STALL_TIMEOUT") ?? config.stallTimeout
        config.stallRestarts = try reader.int("STALL_RESTARTS", range: 0...100) ?? config.stallRestarts
        config.minFreeBytes = try reader.bytes("MIN_FREE_SPACE") ?? config.minFreeBytes
        config.adminPassword = reader.string("SPOOL_ADMIN_PASSWORD")
        config.metricsPublic = try reader.bool("METRICS_PUBLIC") ?? config.metricsPublic
        config.ytdlpPath = reader.string("YTDLP_PATH") ?? config.ytdlpPath
        config.ytdlpPython = reader.string("YTDLP_PYTHON")
        config.ytdlpWarm = try reader.bool("YTDLP_WARM") ?? config.ytdlpWarm
        config.ytdlpExtraArguments = reader.string("YTDLP_EXTRA_ARGS").map { $0.split(separator: " ").map(String.init) } ?? []
        config.downloadRateLimit = reader.string("DOWNLOAD_RATE_LIMIT")
        config.ffmpegPath = reader.string("FFMPEG_PATH") ?? config.ffmpegPath
        config.ffprobePath = reader.string("FFPROBE_PATH") ?? config.ffprobePath
        config.targetLanguage = reader.string("TARGET_LANG") ?? config.targetLanguage
        if let container = reader.string("DEFAULT_CONTAINER") {
            guard ["mkv", "mp4"].contains(container) else {
                throw ConfigurationError(variable: "DEFAULT_CONTAINER", message: "must be mkv or mp4")
            }
            config.defaultContainer = container
        }
        if let provider = reader.string("DUBBING_PROVIDER") {
            guard ["yandex", "tts", "openai"].contains(provider) else {
                throw ConfigurationError(variable: "DUBBING_PROVIDER", message: "must be yandex, tts or openai")
            }
            config.dubbingProvider = provider
        }
        config.duckingLevel = try reader.double("DUCKING_LEVEL", range: 0...1) ?? config.duckingLevel
        config.normalizationLUFS = try reader.double("NORMALIZATION_LUFS", range: -70 ... -5) ?? config.normalizationLUFS
        config.dubbing = try DubbingSettings(reader: reader, ffmpegPath: config.ffmpegPath, ffprobePath: config.ffprobePath)
        config.redisURL = reader.string("REDIS_URL")
        config.databaseURL = reader.string("DATABASE_URL")
        if config.redisURL != nil, config.databaseURL == nil {
            throw ConfigurationError(variable: "DATABASE_URL", message: "is required with REDIS_URL (the distributed backend keeps jobs in PostgreSQL)")
        }
        if config.databaseURL != nil, config.redisURL == nil {
            throw ConfigurationError(variable: "REDIS_URL", message: "is required with DATABASE_URL (the distributed backend queues work in Redis)")
        }
        config.redisKeyPrefix = reader.string("REDIS_KEY_PREFIX") ?? config.redisKeyPrefix
        config.healthPort = try reader.int("HEALTH_PORT", range: 0...65_535)
        config.shutdownTimeout = try reader.duration("SHUTDOWN_TIMEOUT") ?? config.shutdownTimeout
        config.workerID = reader.string("WORKER_ID")
        config.leaseDuration = try reader.duration("LEASE_DURATION") ?? config.leaseDuration
        if config.leaseDuration < .seconds(1) {
            throw ConfigurationError(variable: "LEASE_DURATION", message: "must be at least 1s")
        }
        config.sessionTTL = try reader.duration("SESSION_TTL") ?? config.sessionTTL
        config.maxBodyBytes = try reader.int("MAX_BODY_BYTES", range: 1_024...(64 << 20)) ?? config.maxBodyBytes
        config.outputTemplate = reader.string("OUTPUT_TEMPLATE")
        config.publicDirectory = reader.string("PUBLIC_DIR")
        config.bcryptCost = try reader.int("BCRYPT_COST", range: 4...16) ?? config.bcryptCost
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
