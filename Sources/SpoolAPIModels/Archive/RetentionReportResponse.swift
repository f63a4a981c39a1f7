import SpoolCore

/// `GET /api/retention` (a dry run: what would be deleted now) and `POST /api/retention` (what was
/// deleted), in the same shape: the library's one-off jobs, then each source with a retention.
public struct RetentionReportResponse: Sendable, Codable, Hashable {
    /// False for the dry run, true for what was deleted.
    public var applied: Bool
    /// The library's jobs (`RETENTION_*`).
    public var library: RetentionScopeDTO
    /// Each source with an active retention.
    public var sources: [RetentionScopeDTO]
    /// Bytes of every item whose size is known.
    public var bytes: Int64

    /// The API view of a report.
    public init(_ report: RetentionReport) {
        applied = report.applied
        library = RetentionScopeDTO(report.library)
        sources = report.sources.map(RetentionScopeDTO.init)
        bytes = report.bytes
    }

    /// Every item: the library's, then each source's.
    public var items: [RetentionEntryDTO] { library.items + sources.flatMap(\.items) }
}
