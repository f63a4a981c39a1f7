import Foundation

/// When a failed delivery is tried again: Standard Webhooks' table (5 s, 5 min, 30 min, 2 h, 5 h,
/// 10 h, 14 h, 20 h, 24 h — about a day and a half in all), then it is given up.
public struct WebhookRetrySchedule: Sendable, Hashable {
    /// The wait before retry 1, 2, …; after the last one fails the delivery is given up.
    public var delays: [Duration]

    /// Creates a schedule.
    public init(delays: [Duration] = WebhookRetrySchedule.standardDelays) {
        self.delays = delays
    }

    /// Standard Webhooks' table.
    public static let standardDelays: [Duration] = [
        .seconds(5), .seconds(300), .seconds(1_800), .seconds(7_200), .seconds(18_000), .seconds(36_000), .seconds(50_400),
        .seconds(72_000), .seconds(86_400),
    ]

    /// The wait after attempt number `attempts` (1-based) failed; nil when it was the last.
    public func delay(afterAttempt attempts: Int) -> Duration? {
        guard attempts >= 1, attempts <= delays.count else { return nil }
        return delays[attempts - 1]
    }

    /// Attempts in all (the first and every retry).
    public var maxAttempts: Int { delays.count + 1 }
}
