import Foundation

/// The distributed mode on Redis and PostgreSQL: where they are, worker identity and shutdown.
public struct DistributedSettings: Sendable {
    /// Redis for the distributed backend (REDIS_URL, `redis://user:pass@host:port/db`); nil means embedded.
    public var redisURL: String?
    /// PEM file of the authorities a `rediss://` server's certificate is checked against
    /// (REDIS_TLS_CA_FILE); unset trusts the system's.
    public var redisTLSCAFile: String?
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

    /// Whether REDIS_URL and DATABASE_URL select the distributed backend.
    public var isEnabled: Bool { redisURL != nil }

    /// Defaults.
    public init() {}

    init(reader: EnvironmentReader) throws {
        redisURL = reader.string("REDIS_URL")
        databaseURL = reader.string("DATABASE_URL")
        redisTLSCAFile = reader.string("REDIS_TLS_CA_FILE")
        if let file = redisTLSCAFile, !FileManager.default.isReadableFile(atPath: file) {
            throw ConfigurationError(variable: "REDIS_TLS_CA_FILE", message: "names \(file), which cannot be read")
        }
        if redisURL != nil, databaseURL == nil {
            throw ConfigurationError(variable: "DATABASE_URL", message: "is required with REDIS_URL (the distributed backend keeps jobs in PostgreSQL)")
        }
        if databaseURL != nil, redisURL == nil {
            throw ConfigurationError(variable: "REDIS_URL", message: "is required with DATABASE_URL (the distributed backend queues work in Redis)")
        }
        redisKeyPrefix = reader.string("REDIS_KEY_PREFIX") ?? redisKeyPrefix
        healthPort = try reader.int("HEALTH_PORT", range: 0...65_535)
        shutdownTimeout = try reader.duration("SHUTDOWN_TIMEOUT") ?? shutdownTimeout
        workerID = reader.string("WORKER_ID")
    }
}
