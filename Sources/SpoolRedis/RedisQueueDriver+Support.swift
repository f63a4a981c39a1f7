import Foundation
import RESP
import SpoolCore
import SpoolQueue

extension RedisQueueDriver {
    /// Runs a queue script with the queue's keys and the entry prefix before `arguments`.
    @discardableResult
    func run(_ script: RedisScript, _ keys: RedisQueueKeys, _ arguments: [any RESPArgument]) async throws -> RESPValue {
        try await client.run(script, keys: keys.all, arguments: [keys.entryPrefix] + arguments)
    }

    /// Entries with whether a live lease holds them.
    func listed(_ queue: QueueName) async throws -> [(entry: QueueEntry, active: Bool)] {
        let reply = try await run(RedisQueueScripts.entries, keys(queue), [])
        return try (reply.array ?? []).map { row in
            guard let fields = row.array?.map(\.string), fields.count == 8, let entry = Self.entry(queue, fields) else {
                throw Self.unexpected("entries", reply)
            }
            return (entry, fields[6] == "1")
        }
    }

    /// An entry from `{key, priority, position, attempts, not-before or "", forced, …, payload or nil}`
    /// (the payload is the eighth field, base64).
    static func entry(_ queue: QueueName, _ fields: [String?]) -> QueueEntry? {
        guard let id = fields[0], let priority = fields[1].flatMap({ Int($0) }),
              let position = fields[2].flatMap({ Int64($0) }), let attempts = fields[3].flatMap({ Int($0) })
        else { return nil }
        let notBefore = fields[4].flatMap { Int64($0) }.map { date(microseconds: $0) }
        let payload = fields[7].flatMap { Data(base64Encoded: $0) }
        return QueueEntry(
            queue: queue, key: TaskKey(rawValue: id), payload: payload, priority: priority, position: position, attempts: attempts,
            notBefore: notBefore, forced: fields[5] == "1"
        )
    }

    /// Unix time in whole microseconds.
    static func microseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    /// A duration in whole microseconds.
    static func microseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000 + attoseconds / 1_000_000_000_000
    }

    /// The date of a unix time in microseconds.
    static func date(microseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(microseconds) / 1_000_000)
    }

    static func leaseLost(_ lease: QueueLease) -> QueueError {
        QueueError.leaseLost(lease.entry)
    }

    static func unexpected(_ operation: String, _ reply: RESPValue) -> SpoolError {
        SpoolError(.storage, "the Redis queue's \(operation) script answered \(reply)")
    }
}
