/// What one attempt at a webhook got: a status code (and `Retry-After`), or a transport error.
public struct WebhookAttempt: Sendable, Hashable {
    /// The HTTP status, when the endpoint answered.
    public var status: Int?
    /// Why no usable answer came (connection refused, timeout, a refused address).
    public var error: String?
    /// The `Retry-After` of a 429/502/503/504 answer.
    public var retryAfter: Duration?
    /// The address policy refused the target: retrying does not help.
    public var refused: Bool

    /// Creates an attempt's result.
    public init(status: Int? = nil, error: String? = nil, retryAfter: Duration? = nil, refused: Bool = false) {
        self.status = status
        self.error = error
        self.retryAfter = retryAfter
        self.refused = refused
    }

    /// What to do next.
    public enum Verdict: Sendable, Hashable {
        /// 2xx: done.
        case delivered
        /// 410 Gone: the endpoint is not coming back; disable its subscription.
        case disable(reason: String)
        /// Try again after this long.
        case retry(after: Duration)
        /// Out of retries, or retrying cannot help.
        case giveUp
    }

    /// The verdict after attempt number `attempts` (1-based) under `schedule`: 2xx delivers, 410
    /// disables, a refused address gives up, and anything else retries on the table — after
    /// `Retry-After` instead for 429/502/503/504 when it is longer (at most a day).
    public func verdict(afterAttempt attempts: Int, schedule: WebhookRetrySchedule) -> Verdict {
        if let status, (200..<300).contains(status) { return .delivered }
        if status == 410 { return .disable(reason: "the endpoint answered 410 Gone") }
        if refused { return .giveUp }
        guard let delay = schedule.delay(afterAttempt: attempts) else { return .giveUp }
        if let status, [429, 502, 503, 504].contains(status), let retryAfter {
            return .retry(after: max(delay, min(retryAfter, .seconds(86_400))))
        }
        return .retry(after: delay)
    }
}
