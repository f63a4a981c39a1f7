import Foundation

/// Bounded retries with exponential backoff.
public struct RetryPolicy: Sendable, Hashable {
    /// Retries after the first attempt (MAX_RETRIES).
    public var maxRetries: Int
    /// Delay before the first retry.
    public var baseDelay: Duration
    /// Longest delay.
    public var maxDelay: Duration

    /// Creates a policy.
    public init(maxRetries: Int = 3, baseDelay: Duration = .seconds(2), maxDelay: Duration = .seconds(300)) {
        self.maxRetries = maxRetries
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// Delay before retry number `attempt` (1-based): base × 2^(attempt−1), capped.
    public func delay(forAttempt attempt: Int) -> Duration {
        let factor = 1 << min(max(attempt - 1, 0), 20)
        let delay = baseDelay * factor
        return min(delay, maxDelay)
    }
}

/// What happened to a failed lease.
public enum FailureDisposition: Sendable, Hashable {
    /// Scheduled again at this time; `attempt` failures so far.
    case retry(at: Date, attempt: Int)
    /// Out of retries; the entry went to the dead-letter list.
    case deadLettered(attempts: Int)
}
