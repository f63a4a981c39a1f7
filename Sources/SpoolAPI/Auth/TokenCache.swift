import Foundation
import Synchronization

/// Recently authenticated tokens, so a burst of requests neither queries the store nor hashes the
/// token for each one.
///
/// Entries are keyed by the token as presented and live a few seconds (never past the token's
/// expiry); logout and revocation in this process drop them at once, and a token revoked elsewhere
/// stops working within the time to live. Only tokens the store accepted are kept, so the
/// process holds nothing a request did not already bring.
final class TokenCache: Sendable {
    private struct Entry {
        var identity: AuthenticatedUser
        var until: ContinuousClock.Instant
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let timeToLive: Duration
    private let capacity: Int

    /// Creates a cache.
    init(timeToLive: Duration = .seconds(5), capacity: Int = 10_000) {
        self.timeToLive = timeToLive
        self.capacity = capacity
    }

    /// The cached identity for a token, if fresh.
    func get(_ token: String) -> AuthenticatedUser? {
        let now = ContinuousClock.now
        return entries.withLock { entries in
            guard let entry = entries[token] else { return nil }
            guard now < entry.until else {
                entries[token] = nil
                return nil
            }
            return entry.identity
        }
    }

    /// Whether the token is cached, fresh, as `identity` (``get(_:)`` without copying the identity out).
    func holds(_ token: String, as identity: AuthenticatedUser) -> Bool {
        let now = ContinuousClock.now
        return entries.withLock { entries in
            guard let entry = entries[token] else { return false }
            return now < entry.until && entry.identity == identity
        }
    }

    /// Remembers an identity for at most the time to live, and never past the token's expiry.
    func put(_ token: String, _ identity: AuthenticatedUser, now: Date = Date()) {
        let clock = ContinuousClock.now
        var until = clock + timeToLive
        if let expiresAt = identity.token.expiresAt {
            until = min(until, clock + .milliseconds(Int64(max(0, expiresAt.timeIntervalSince(now)) * 1_000)))
        }
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[token] = Entry(identity: identity, until: until)
        }
    }

    /// Forgets one token by its secret hash.
    func remove(secretHash: String) {
        entries.withLock { entries in
            entries = entries.filter { $0.value.identity.token.secretHash != secretHash }
        }
    }

    /// Forgets one token by its public id.
    func remove(tokenID: String) {
        entries.withLock { entries in
            entries = entries.filter { $0.value.identity.token.id != tokenID }
        }
    }

    /// Forgets every token of a user, but the one with the public id `except`.
    func remove(userID: Int64, except: String? = nil) {
        entries.withLock { entries in
            entries = entries.filter { $0.value.identity.user.id != userID || $0.value.identity.token.id == except }
        }
    }
}
