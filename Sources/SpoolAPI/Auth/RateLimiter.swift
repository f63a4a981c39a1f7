import SpoolQueue
import Synchronization

/// Token buckets keyed by client (address, user, …), shared by all requests of one route.
final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    /// Buckets kept before idle full ones are dropped.
    private static let maxBuckets = 10_000

    let rate: RateLimit
    private let buckets = Mutex<[String: Bucket]>([:])

    init(_ rate: RateLimit) {
        self.rate = rate
    }

    /// Takes one token for `key`; returns nil when allowed, else how long until one is available.
    func acquire(_ key: String, now: ContinuousClock.Instant = .now) -> Duration? {
        guard rate.isEnabled else { return nil }
        let capacity = Double(rate.limit)
        let perSecond = capacity / rate.window.timeInterval
        return buckets.withLock { buckets in
            var bucket = buckets[key] ?? Bucket(tokens: capacity, updated: now)
            bucket.tokens = min(capacity, bucket.tokens + (now - bucket.updated).timeInterval * perSecond)
            bucket.updated = now
            defer {
                buckets[key] = bucket
                if buckets.count > Self.maxBuckets { Self.prune(&buckets, now: now, capacity: capacity, perSecond: perSecond) }
            }
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return nil
            }
            return .seconds((1 - bucket.tokens) / perSecond)
        }
    }

    /// Gives back the token `acquire` took for `key` (a request that should not count, like a
    /// login with the right password).
    func refund(_ key: String) {
        guard rate.isEnabled else { return }
        let capacity = Double(rate.limit)
        buckets.withLock { buckets in
            guard var bucket = buckets[key] else { return }
            bucket.tokens = min(capacity, bucket.tokens + 1)
            buckets[key] = bucket
        }
    }

    /// Drops buckets that have refilled completely (they behave like absent ones).
    private static func prune(_ buckets: inout [String: Bucket], now: ContinuousClock.Instant, capacity: Double, perSecond: Double) {
        buckets = buckets.filter { _, bucket in
            bucket.tokens + (now - bucket.updated).timeInterval * perSecond < capacity
        }
    }
}
