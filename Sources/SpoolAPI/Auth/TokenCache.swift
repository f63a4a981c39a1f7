import Foundation
import Synchronization

/// Recently authenticated tokens, so a burst of requests does not query the store for each one.
///
/// Entries live a few seconds; logout and revocation in this process drop them at once, and a token
/// revoked elsewhere stops working within the time to live.
final class TokenCache: Sendable {
    private let entries = Mutex<[String: (identity: AuthenticatedUser, until: ContinuousClock.Instant)]>([:])
    private let timeToLive: Duration
    private let capacity: Int

    /// Creates a cache.
    init(timeToLive: Duration = .seconds(5), capacity: Int = 10_000) {
        self.timeToLive = timeToLive
        self.capacity = capacity
    }

    /// The cached identity for a secret hash, if fresh and not expired at `now`.
    func get(_ secretHash: String, now: Date) -> AuthenticatedUser? {
        let clock = ContinuousClock.now
        return entries.withLock { entries in
            guard let entry = entries[secretHash] else { return nil }
            if entry.until < clock || (entry.identity.token.expiresAt.map { $0 <= now } ?? false) {
                entries[secretHash] = nil
                return nil
            }
            return entry.identity
        }
    }

    /// Remembers an identity.
    func put(_ secretHash: String, _ identity: AuthenticatedUser) {
        let until = ContinuousClock.now + timeToLive
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[secretHash] = (identity, until)
        }
    }

    /// Forgets one token by its secret hash.
    func remove(secretHash: String) {
        _ = entries.withLock { $0.removeValue(forKey: secretHash) }
    }

    /// Forgets one token by its public id.
    func remove(tokenID: String) {
        entries.withLock { entries in
            entries = entries.filter { $0.value.identity.token.id != tokenID }
        }
    }
}
