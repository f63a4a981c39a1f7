import Foundation

/// What happens to a newly listed video: the pure decisions of a check, shared by the sync handler
/// and the add dialog's preview.
public enum SourceTriage {
    /// The verdict on one entry before any backlog.
    public enum Verdict: Sendable, Hashable {
        /// Wanted: queue it (or, in a first index, let the backlog decide).
        case wanted
        /// Rejected by a filter; stored with the reason, never retried.
        case filtered(String)
        /// Not available yet; looked at again at the date.
        case deferred(String, retryAt: Date)
    }

    /// How long a members-only video waits before it is looked at again.
    public static let membersOnlyRetry: TimeInterval = 24 * 3600
    /// How long an upcoming or running live stream waits before it is looked at again.
    public static let upcomingRetry: TimeInterval = 3600

    /// The filters' verdict, then availability (members-only and upcoming or live videos wait).
    public static func verdict(on entry: ListedEntry, filters: SourceFilters, now: Date) -> Verdict {
        if let reason = filters.rejection(of: entry) { return .filtered(reason) }
        if entry.isMembersOnly {
            return .deferred("members-only (\(entry.availability ?? "restricted"))", retryAt: now.addingTimeInterval(membersOnlyRetry))
        }
        if entry.isLiveOrUpcoming {
            return .deferred("live stream not finished (\(entry.liveStatus ?? "live"))", retryAt: now.addingTimeInterval(upcomingRetry))
        }
        return .wanted
    }

    /// The wanted items a first index queues under `backlog`: all, the newest N (by publication,
    /// else listing order), those published since a date, or none.
    public static func backlogSelection(_ wanted: [SourceItem], backlog: Backlog) -> [SourceItem] {
        switch backlog {
        case .all: return wanted
        case .none: return []
        case .newest(let count): return Array(newestFirst(wanted).prefix(count))
        case .since(let date): return wanted.filter { ($0.entry.publishedAt ?? .distantPast) >= date }
        }
    }

    /// Items newest first: by publication date where both have one, else by listing position.
    public static func newestFirst(_ items: [SourceItem]) -> [SourceItem] {
        items.sorted { lhs, rhs in
            if let left = lhs.entry.publishedAt, let right = rhs.entry.publishedAt, left != right { return left > right }
            return lhs.position < rhs.position
        }
    }
}
