/// When to ask again: the Yandex Browser extension's rule (spec §7 step 5), clamped and bounded.
///
/// The first wait follows the server's remaining-time hint (`0 < hint ≤ 180` → hint seconds,
/// `hint > 180` → 120 s, no hint → 30 s); later waits are a fixed 30 s. Every wait is at most
/// `maxDelay`, and all waits together at most `maxTotalWait`.
public struct VOTPollSchedule: Sendable, Hashable {
    /// Upper bound of one wait.
    public var maxDelay: Duration
    /// The wait after the first one.
    public var followUpDelay: Duration
    /// Upper bound of all waits together.
    public var maxTotalWait: Duration
    /// Poll waits planned so far (retry back-offs not included).
    public private(set) var waits = 0
    /// Their sum.
    public private(set) var totalWaited: Duration = .zero

    /// Creates a schedule.
    public init(maxDelay: Duration = .seconds(180), followUpDelay: Duration = .seconds(30), maxTotalWait: Duration = .seconds(1800)) {
        self.maxDelay = maxDelay
        self.followUpDelay = followUpDelay
        self.maxTotalWait = maxTotalWait
    }

    /// The wait before the next poll given the server's hint in seconds (nil or ≤ 0 when absent).
    ///
    /// - Throws: ``VOTError/waitLimitExceeded(_:)`` when the wait would go past ``maxTotalWait``.
    public mutating func nextDelay(remainingTime: Int?) throws(VOTError) -> Duration {
        let wanted: Duration
        if waits > 0 {
            wanted = followUpDelay
        } else if let hint = remainingTime, hint > 0 {
            wanted = hint <= 180 ? .seconds(hint) : .seconds(120)
        } else {
            wanted = .seconds(30)
        }
        let delay = try reserve(min(wanted, maxDelay))
        waits += 1
        return delay
    }

    /// Counts a wait decided elsewhere (a retry back-off) against the total.
    ///
    /// - Throws: ``VOTError/waitLimitExceeded(_:)`` when the wait would go past ``maxTotalWait``.
    public mutating func reserve(_ delay: Duration) throws(VOTError) -> Duration {
        guard totalWaited + delay <= maxTotalWait else { throw .waitLimitExceeded(maxTotalWait) }
        totalWaited += delay
        return delay
    }
}
