import SpoolQueue

/// Where one queue's data lives in Redis, under a prefix (`spool:` by default):
///
/// | key | type | holds |
/// |---|---|---|
/// | `<prefix><queue>:e:<key>` | hash | one entry: `p` priority, `pos` position, `a` attempts, `nb` not-before (µs), `f` forced, `k` sort key, `pl` payload (base64, absent without one), `t`/`w`/`x` lease token, worker, expiry (µs), `err` last error |
/// | `<prefix><queue>:ready` | sorted set, all scores 0 | sort keys of claimable entries, in claim order (lexicographic) |
/// | `<prefix><queue>:delayed` | sorted set | task keys scored by not-before (µs) |
/// | `<prefix><queue>:leased` | sorted set | task keys scored by lease expiry (µs) |
/// | `<prefix><queue>:stats` | hash | `completed` counter, `paused` flag |
/// | `<prefix><queue>:dead` | list | dead letters as JSON |
/// | `<prefix><queue>:seq` | string | the last position handed out |
/// | `<prefix>queues` | set | every queue name ever used |
/// | `<prefix>wake` | channel | a queue name whenever something became claimable there |
///
/// A job's key is its id, so the stage queues' keys read as before tasks other than jobs were queued.
/// Every entry is in exactly one of `ready`, `delayed` and `leased`. Times are the server's
/// (`TIME`, microseconds), so workers on machines with skewed clocks agree on lease expiry.
struct RedisQueueKeys: Sendable {
    let prefix: String
    let queue: QueueName

    var base: String { prefix + queue.rawValue }
    /// The prefix of entry hashes; the task key follows.
    var entryPrefix: String { base + ":e:" }
    var ready: String { base + ":ready" }
    var delayed: String { base + ":delayed" }
    var leased: String { base + ":leased" }
    var stats: String { base + ":stats" }
    var dead: String { base + ":dead" }
    var sequence: String { base + ":seq" }
    var queues: String { prefix + "queues" }
    var wakeChannel: String { prefix + "wake" }

    func entry(_ key: TaskKey) -> String { entryPrefix + key.rawValue }

    /// The keys every queue script receives, in this order.
    var all: [String] { [ready, delayed, leased, stats, dead, sequence, queues] }
}

/// Sort keys: `<forced><priority><position>:<key>`, compared bytewise, give `QueueOrder.claimOrder`.
///
/// `forced` is `0` for forced entries, `1` otherwise; the priority is stored negated so higher
/// classes sort first; numbers are 20 characters: a sign digit (`0` negative, `1` otherwise) and
/// 19 decimal digits (a negative n as 10¹⁹ + n), so the text order is the numeric order.
enum RedisSortKey {
    /// The part before the position.
    static func head(priority: Int, forced: Bool) -> String {
        (forced ? "0" : "1") + number(-Int64(priority))
    }

    /// The position part.
    static func number(_ value: Int64) -> String {
        if value >= 0 { return "1" + padded(UInt64(value)) }
        return "0" + padded(10_000_000_000_000_000_000 - value.magnitude)
    }

    private static func padded(_ value: UInt64) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(19 - digits.count, 0)) + digits
    }

    /// Where the task key starts in a sort key (1-based, for Lua's `string.sub`).
    static let idOffset = 1 + 20 + 20 + 1 + 1
}
