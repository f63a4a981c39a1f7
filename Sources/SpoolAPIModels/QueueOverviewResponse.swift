import SpoolQueue

/// `GET /api/queue`: counters per queue, jobs per state and free space on the media volume.
public struct QueueOverviewResponse: Sendable, Codable, Hashable {
    /// Counters keyed by queue name (`q:download`, `q:dub`, …).
    public var queues: [String: QueueStats]
    /// Number of jobs in each state, every state present (`QUEUED`, …).
    public var counts: [String: Int]
    /// Free bytes on the media volume; `null` when it cannot be measured.
    public var freeBytes: Int64?

    /// Creates an overview.
    public init(queues: [String: QueueStats], counts: [String: Int], freeBytes: Int64?) {
        self.queues = queues
        self.counts = counts
        self.freeBytes = freeBytes
    }

    /// Encodes every member, unknown free space as `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(queues, forKey: .queues)
        try container.encode(counts, forKey: .counts)
        try container.encode(freeBytes, forKey: .freeBytes)
    }
}
