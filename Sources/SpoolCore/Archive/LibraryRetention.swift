import Foundation

/// The retention of one-off jobs: finished downloads that no source owns (added by hand, through
/// the API, or left behind by a removed source), set by `RETENTION_MAX_AGE_DAYS`,
/// `RETENTION_KEEP_NEWEST` and `RETENTION_MAX_TOTAL_SIZE_MB`. Jobs are ordered by when they
/// finished, newest kept; a job tagged `keep` is never deleted and does not count.
public struct LibraryRetention: Sendable, Hashable {
    /// The limits (unset ones do not apply).
    public var rules: Retention

    /// The tag that keeps a job whatever the rules say (any letter case).
    public static let keepTag = "keep"

    /// Creates the library's retention.
    public init(rules: Retention = Retention()) {
        self.rules = rules
    }

    /// Whether the rules ever delete anything.
    public var isActive: Bool { rules.isActive }

    /// Whether `job` is a library job: COMPLETE and owned by none of `sources` (the ids of the
    /// sources there are; a job of a removed source belongs to the library).
    public static func isLibraryJob(_ job: Job, sources: Set<Int64>) -> Bool {
        guard job.state == .complete else { return false }
        guard let owner = job.options.archive?.sourceID else { return true }
        return !sources.contains(owner)
    }

    /// Whether the job carries the `keep` tag.
    public static func isKept(_ job: Job) -> Bool {
        job.options.tags.contains { $0.caseInsensitiveCompare(keepTag) == .orderedSame }
    }

    /// The library jobs among `jobs` that the rules delete at `now`, oldest first, with reasons.
    /// - Parameters:
    ///   - sources: The ids of the sources there are (their jobs are theirs, not the library's).
    ///   - sizes: File sizes by job (``Media/filesize``); needed for the size limit, a missing one counts 0.
    public func expired(_ jobs: [Job], sources: Set<Int64>, sizes: [JobID: Int64] = [:], now: Date) -> [(job: Job, reason: String)] {
        let library = jobs.filter { Self.isLibraryJob($0, sources: sources) }
        let byID = Dictionary(library.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let candidates = library.map { job in
            RetentionCandidate(id: job.id, date: job.finishedAt ?? job.updatedAt, size: sizes[job.id], keep: Self.isKept(job))
        }
        return rules.select(candidates, now: now).compactMap { verdict in byID[verdict.id].map { ($0, verdict.reason) } }
    }
}
