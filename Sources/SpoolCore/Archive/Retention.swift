import Foundation

/// What a source (or, with ``LibraryRetention``, the library) deletes again: all but the newest N
/// downloaded videos, those older than D days, and the older ones beyond a total size. Items marked
/// "keep" are never deleted and do not count towards N or the size.
public struct Retention: Sendable, Codable, Hashable {
    /// Keep at most this many downloaded videos (the newest by publication).
    public var keepNewest: Int?
    /// Delete videos published (or, without a date, listed) more than this many days ago.
    public var maxAgeDays: Int?
    /// Keep the newest videos while their sizes add up to at most this many megabytes
    /// (1 MB = 1,000,000 bytes); older ones beyond go. A video of unknown size counts 0.
    public var maxTotalSizeMB: Int?

    /// Creates a policy (keep everything by default).
    public init(keepNewest: Int? = nil, maxAgeDays: Int? = nil, maxTotalSizeMB: Int? = nil) {
        self.keepNewest = keepNewest
        self.maxAgeDays = maxAgeDays
        self.maxTotalSizeMB = maxTotalSizeMB
    }

    /// Whether the policy ever deletes anything.
    public var isActive: Bool { keepNewest != nil || maxAgeDays != nil || maxTotalSizeMB != nil }

    /// ``maxTotalSizeMB`` in bytes.
    public var maxTotalBytes: Int64? { maxTotalSizeMB.map { Int64($0) * Self.bytesPerMB } }

    /// Bytes in the megabyte of ``maxTotalSizeMB``.
    public static let bytesPerMB: Int64 = 1_000_000

    /// Throws `invalid_input` naming the field when a limit is below 1 (or the size is absurdly large).
    public func validate() throws {
        if let keepNewest, keepNewest < 1 { throw SpoolError(.invalidInput, "retention.keepNewest must be at least 1") }
        if let maxAgeDays, maxAgeDays < 1 { throw SpoolError(.invalidInput, "retention.maxAgeDays must be at least 1") }
        if let maxTotalSizeMB, !(1...Self.maxSizeMB).contains(maxTotalSizeMB) {
            throw SpoolError(.invalidInput, "retention.maxTotalSizeMB must be from 1 to \(Self.maxSizeMB)")
        }
    }

    /// The largest ``maxTotalSizeMB`` accepted (a thousand terabytes).
    public static let maxSizeMB = 1_000_000_000

    /// The downloaded items of one source this policy deletes at `now`, oldest first, each with its reason.
    /// - Parameter sizes: File sizes by job (``Media/filesize``); needed for ``maxTotalSizeMB``, a
    ///   missing one counts 0.
    public func expired(_ items: [SourceItem], sizes: [JobID: Int64] = [:], now: Date) -> [(item: SourceItem, reason: String)] {
        let downloaded = items.filter { $0.phase == .downloaded }
        // Newest first: publication date, then listing order (smaller is newer).
        let candidates = downloaded.enumerated().map { index, item in
            RetentionCandidate(id: index, date: Self.age(item), order: item.position, size: item.jobID.flatMap { sizes[$0] }, keep: item.keep)
        }
        return select(candidates, now: now).map { (downloaded[$0.id], $0.reason) }
    }

    /// The date retention orders by: publication, else first listing.
    static func age(_ item: SourceItem) -> Date { item.entry.publishedAt ?? item.listedAt }
}
