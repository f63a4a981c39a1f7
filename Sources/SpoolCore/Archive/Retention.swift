import Foundation

/// What a source deletes again: all but the newest N downloaded videos and/or those older than D
/// days. Items marked "keep" are never deleted and do not count towards N.
public struct Retention: Sendable, Codable, Hashable {
    /// Keep at most this many downloaded videos (the newest by publication).
    public var keepNewest: Int?
    /// Delete videos published (or, without a date, listed) more than this many days ago.
    public var maxAgeDays: Int?

    /// Creates a policy (keep everything by default).
    public init(keepNewest: Int? = nil, maxAgeDays: Int? = nil) {
        self.keepNewest = keepNewest
        self.maxAgeDays = maxAgeDays
    }

    /// Whether the policy ever deletes anything.
    public var isActive: Bool { keepNewest != nil || maxAgeDays != nil }

    /// Throws `invalid_input` when a limit is below 1.
    public func validate() throws {
        if let keepNewest, keepNewest < 1 { throw SpoolError(.invalidInput, "retention.keepNewest must be at least 1") }
        if let maxAgeDays, maxAgeDays < 1 { throw SpoolError(.invalidInput, "retention.maxAgeDays must be at least 1") }
    }

    /// The downloaded items of one source this policy deletes at `now`, oldest first, each with its reason.
    public func expired(_ items: [SourceItem], now: Date) -> [(item: SourceItem, reason: String)] {
        guard isActive else { return [] }
        // Newest first: publication date, then listing order (smaller is newer).
        let candidates = items.filter { $0.phase == .downloaded && !$0.keep }
            .sorted { Self.age($0) != Self.age($1) ? Self.age($0) > Self.age($1) : $0.position < $1.position }
        let cutoff = maxAgeDays.map { now.addingTimeInterval(-Double($0) * 86_400) }
        var doomed: [(item: SourceItem, reason: String)] = []
        for (rank, item) in candidates.enumerated() {
            if let cutoff, let maxAgeDays, Self.age(item) < cutoff {
                doomed.append((item, "older than \(maxAgeDays) days"))
            } else if let keepNewest, rank >= keepNewest {
                doomed.append((item, "beyond the newest \(keepNewest)"))
            }
        }
        return doomed.reversed()
    }

    /// The date retention orders by: publication, else first listing.
    static func age(_ item: SourceItem) -> Date { item.entry.publishedAt ?? item.listedAt }
}
