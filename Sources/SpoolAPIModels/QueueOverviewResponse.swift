import SpoolCore
import SpoolQueue

/// `GET /api/queue`: counters per queue, jobs per state and free space on the media volume.
public struct QueueOverviewResponse: Sendable, Codable, Hashable {
    /// Counters keyed by queue name (`q:download`, `q:dub`, …).
    public var queues: [String: QueueStats]
    /// Number of jobs in each state, every state present (`QUEUED`, …).
    public var counts: [String: Int]
    /// Free bytes on the media volume; `null` when it cannot be measured.
    public var freeBytes: Int64?
    /// Queues this server has paused, keyed by name (the download queue on a full disk).
    public var paused: [String: QueuePause]

    /// Creates an overview.
    public init(queues: [String: QueueStats], counts: [String: Int], freeBytes: Int64?, paused: [String: QueuePause] = [:]) {
        self.queues = queues
        self.counts = counts
        self.freeBytes = freeBytes
        self.paused = paused
    }

    enum CodingKeys: String, CodingKey {
        case queues, counts, freeBytes, paused
    }

    /// Decodes an overview; `paused` may be missing (an older server).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        queues = try container.decode([String: QueueStats].self, forKey: .queues)
        counts = try container.decode([String: Int].self, forKey: .counts)
        freeBytes = try container.decodeIfPresent(Int64.self, forKey: .freeBytes)
        paused = try container.decodeIfPresent([String: QueuePause].self, forKey: .paused) ?? [:]
    }

    /// Encodes every member, unknown free space as `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(queues, forKey: .queues)
        try container.encode(counts, forKey: .counts)
        try container.encode(freeBytes, forKey: .freeBytes)
        try container.encode(paused, forKey: .paused)
    }
}
