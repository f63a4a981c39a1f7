/// A rate: at most `limit` requests per `window`, refilled evenly (a token bucket).
public struct RateLimit: Sendable, Hashable {
    /// Requests allowed per window (a burst of this size is allowed); 0 or less disables the limit.
    public var limit: Int
    /// The window.
    public var window: Duration

    /// Creates a rate.
    public init(limit: Int, per window: Duration) {
        self.limit = limit
        self.window = window
    }

    /// No limit.
    public static let unlimited = RateLimit(limit: 0, per: .seconds(1))

    /// Whether requests are limited at all.
    public var isEnabled: Bool { limit > 0 && window > .zero }
}
