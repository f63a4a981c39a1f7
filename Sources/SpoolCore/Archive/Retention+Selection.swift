import Foundation

/// One video a retention weighs: when it counts from, where it stands among videos of the same
/// date, how big it is, and whether the user keeps it.
public struct RetentionCandidate<ID: Hashable & Sendable>: Sendable, Hashable {
    /// What the caller knows the video by (a job id, an index).
    public var id: ID
    /// The date the rules order by and measure the age from (newer is kept first).
    public var date: Date
    /// Ties between equal dates: smaller is newer (a source's listing position).
    public var order: Int
    /// File size in bytes; nil when unknown (counted as 0 by the size limit).
    public var size: Int64?
    /// Kept by the user: never deleted and not counted.
    public var keep: Bool

    /// Creates a candidate.
    public init(id: ID, date: Date, order: Int = 0, size: Int64? = nil, keep: Bool = false) {
        self.id = id
        self.date = date
        self.order = order
        self.size = size
        self.keep = keep
    }
}

/// A candidate the rules delete, and why.
public struct RetentionVerdict<ID: Hashable & Sendable>: Sendable, Hashable {
    /// The candidate's id.
    public var id: ID
    /// Why it goes (`older than 30 days`, `beyond the newest 3`, `over the size limit …`).
    public var reason: String

    /// Creates a verdict.
    public init(id: ID, reason: String) {
        self.id = id
        self.reason = reason
    }
}

extension Retention {
    /// The candidates this policy deletes at `now`, oldest first, each with the first rule that
    /// deletes it: the age, then the count, then the total size.
    ///
    /// Kept candidates are left out before anything is counted. The rest are ordered newest first
    /// (date, then ``RetentionCandidate/order``, then their place in `candidates`); the count keeps
    /// the first N, and the size limit keeps them while the sizes of those it keeps fit, deleting
    /// every older one from the first that does not. The one ordering serves sources and the library.
    public func select<ID>(_ candidates: [RetentionCandidate<ID>], now: Date) -> [RetentionVerdict<ID>] {
        guard isActive else { return [] }
        let newestFirst = candidates.enumerated().filter { !$0.element.keep }.sorted { lhs, rhs in
            if lhs.element.date != rhs.element.date { return lhs.element.date > rhs.element.date }
            if lhs.element.order != rhs.element.order { return lhs.element.order < rhs.element.order }
            return lhs.offset < rhs.offset
        }.map(\.element)
        let cutoff = maxAgeDays.map { now.addingTimeInterval(-Double($0) * 86_400) }
        var size = SizeTally(limit: maxTotalBytes)
        var doomed: [RetentionVerdict<ID>] = []
        for (rank, candidate) in newestFirst.enumerated() {
            if let cutoff, let maxAgeDays, candidate.date < cutoff {
                doomed.append(RetentionVerdict(id: candidate.id, reason: "older than \(maxAgeDays) days"))
            } else if let keepNewest, rank >= keepNewest {
                doomed.append(RetentionVerdict(id: candidate.id, reason: "beyond the newest \(keepNewest)"))
            } else if let reason = size.admit(candidate.size) {
                doomed.append(RetentionVerdict(id: candidate.id, reason: reason))
            }
        }
        return doomed.reversed()
    }
}

/// The size limit's running sum over the videos it keeps, newest first.
private struct SizeTally {
    let limit: Int64?
    /// Bytes of the videos kept so far.
    var kept: Int64 = 0
    /// How many of them count 0 because their size is unknown.
    var unknown = 0
    /// Whether a video did not fit: every older one goes too.
    var full = false

    /// Counts a video in; returns why it goes when it does not fit (nil: it is kept).
    mutating func admit(_ size: Int64?) -> String? {
        guard let limit else { return nil }
        if !full, kept + (size ?? 0) <= limit {
            kept += size ?? 0
            if size == nil { unknown += 1 }
            return nil
        }
        full = true
        let megabytes = Double(limit) / Double(Retention.bytesPerMB)
        var reason = "over the size limit of \(Self.text(megabytes)) MB: the newer videos kept take \(Self.text(Double(kept) / Double(Retention.bytesPerMB))) MB"
        if unknown > 0 { reason += " (\(unknown) of unknown size counted as 0)" }
        if size == nil { reason += "; its own size is unknown" }
        return reason
    }

    /// `500`, `0.5`, `480.3`.
    static func text(_ megabytes: Double) -> String {
        megabytes == megabytes.rounded() ? String(Int64(megabytes)) : String(format: "%.1f", megabytes)
    }
}
