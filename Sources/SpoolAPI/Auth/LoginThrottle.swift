/// Throttles password checks by failures, per client address and per user name at an address.
///
/// Two budgets are spent by every password check and given back when the password was right:
/// one per client address over all user names (so one address cannot try many names), and one
/// per user name at that address (so one address cannot try many passwords for one user).
/// Nothing is keyed by the user name alone: guessing a user's password from one address never
/// locks that user out elsewhere, and the right password from another address always passes.
struct LoginThrottle: Sendable {
    /// Failed checks allowed per client address, all user names together.
    let perAddress: RateLimiter
    /// Failed checks allowed per user name at one client address.
    let perUser: RateLimiter

    /// Creates the throttle.
    /// - Parameters:
    ///   - perAddress: Failures one address may have over all user names.
    ///   - perUser: Failures one address may have for one user name.
    init(perAddress: RateLimit, perUser: RateLimit) {
        self.perAddress = RateLimiter(perAddress)
        self.perUser = RateLimiter(perUser)
    }

    /// A permission to check one password, taken with ``begin(address:username:)``.
    struct Attempt: Sendable {
        fileprivate let addressKey: String
        fileprivate let userKey: String
    }

    /// Takes one attempt for `username` from `address`; returns the wait instead when either
    /// budget is spent (nothing is taken then).
    func begin(address: String, username: String) -> Result<Attempt, Wait> {
        let attempt = Attempt(addressKey: address, userKey: "\(address)|\(username.lowercased())")
        if let wait = perAddress.acquire(attempt.addressKey) { return .failure(Wait(duration: wait)) }
        if let wait = perUser.acquire(attempt.userKey) {
            perAddress.refund(attempt.addressKey)
            return .failure(Wait(duration: wait))
        }
        return .success(attempt)
    }

    /// The password was right: the attempt does not count.
    func succeeded(_ attempt: Attempt) {
        perAddress.refund(attempt.addressKey)
        perUser.refund(attempt.userKey)
    }

    /// How long to wait before the next attempt.
    struct Wait: Error, Sendable {
        /// The delay.
        let duration: Duration
    }
}
