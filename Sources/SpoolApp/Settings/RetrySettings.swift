import SpoolQueue

/// How every stage retries a failed attempt and how long a claimed entry stays with a worker.
public struct RetrySettings: Sendable {
    /// Retries after the first attempt (MAX_RETRIES, default 3).
    public var maxRetries: Int = 3
    /// First retry delay (RETRY_BASE_DELAY, default 2s), doubled per attempt.
    public var baseDelay: Duration = .seconds(2)
    /// How long a claimed job stays with a worker without a renewal (LEASE_DURATION, default 30s);
    /// a worker that dies loses its jobs to others after this long.
    public var leaseDuration: Duration = .seconds(30)

    /// Defaults.
    public init() {}

    init(reader: EnvironmentReader) throws {
        maxRetries = try reader.int("MAX_RETRIES", range: 0...100) ?? maxRetries
        baseDelay = try reader.duration("RETRY_BASE_DELAY") ?? baseDelay
        leaseDuration = try reader.duration("LEASE_DURATION") ?? leaseDuration
        if leaseDuration < .seconds(1) {
            throw ConfigurationError(variable: "LEASE_DURATION", message: "must be at least 1s")
        }
    }

    /// The queue's retry policy.
    var policy: RetryPolicy { RetryPolicy(maxRetries: maxRetries, baseDelay: baseDelay) }
}
