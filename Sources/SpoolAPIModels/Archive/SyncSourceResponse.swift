import SpoolCore

/// `POST /api/sources/{id}/sync` (202): the check that was queued.
public struct SyncSourceResponse: Sendable, Codable, Hashable {
    /// The source.
    public var sourceId: Int64
    /// `check`, `full` or `fast`.
    public var mode: SyncMode
    /// Always true: the check is in `q:sync`.
    public var queued: Bool

    /// Creates an answer.
    public init(sourceId: Int64, mode: SyncMode, queued: Bool = true) {
        self.sourceId = sourceId
        self.mode = mode
        self.queued = queued
    }
}
