import Foundation
import SpoolCore

/// `POST /api/sources/preview`: what adding a source would do with what it lists now, decided as a
/// first index decides (filters and availability, then the backlog).
public struct SourcePreviewResponse: Sendable, Codable, Hashable {
    /// Entries shown in the answer at most.
    public static let shownEntries = 50

    /// Entries listed (the listing is bounded, see the route).
    public var listed: Int
    /// Entries the first index would queue.
    public var wouldQueue: Int
    /// Entries a filter rejects.
    public var filtered: Int
    /// Entries not available yet (members-only, upcoming or live).
    public var deferred: Int
    /// Wanted entries the backlog leaves out (stored as seen).
    public var seen: Int
    /// The first ``shownEntries`` entries in listing order, with their decision.
    public var entries: [Entry]

    /// What would happen to one entry.
    public enum Decision: String, Sendable, Codable, Hashable, CaseIterable {
        case queue, seen, filtered, deferred
    }

    /// One listed entry and its decision.
    public struct Entry: Sendable, Codable, Hashable {
        /// The site's id of the video.
        public var mediaId: String
        /// The title, when listed.
        public var title: String?
        /// When it was published, when listed.
        public var publishedAt: Date?
        /// Length in seconds, when listed.
        public var duration: Double?
        /// What the first index would do.
        public var decision: Decision
        /// Why it is filtered or deferred; for seen, the backlog.
        public var reason: String?

        /// Creates an entry.
        public init(mediaId: String, title: String?, publishedAt: Date?, duration: Double?, decision: Decision, reason: String?) {
            self.mediaId = mediaId
            self.title = title
            self.publishedAt = publishedAt
            self.duration = duration
            self.decision = decision
            self.reason = reason
        }

        private enum CodingKeys: String, CodingKey {
            case mediaId, title, publishedAt, duration, decision, reason
        }

        /// Encodes every member, nil as `null`.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(mediaId, forKey: .mediaId)
            try c.encode(title, forKey: .title)
            try c.encode(publishedAt, forKey: .publishedAt)
            try c.encode(duration, forKey: .duration)
            try c.encode(decision, forKey: .decision)
            try c.encode(reason, forKey: .reason)
        }
    }

    /// Creates an answer from its parts.
    public init(listed: Int, wouldQueue: Int, filtered: Int, deferred: Int, seen: Int, entries: [Entry]) {
        self.listed = listed
        self.wouldQueue = wouldQueue
        self.filtered = filtered
        self.deferred = deferred
        self.seen = seen
        self.entries = entries
    }

    /// Decides every listed entry for `source` as its first index would: ``SourceTriage/verdict(on:filters:now:)``
    /// on each, then ``SourceTriage/backlogSelection(_:backlog:)`` on the wanted ones.
    public init(triaging listed: [ListedEntry], for source: Source, now: Date) {
        var decisions: [(Decision, String?)] = []
        var wanted: [SourceItem] = []
        for (position, entry) in listed.enumerated() {
            switch SourceTriage.verdict(on: entry, filters: source.filters, now: now) {
            case .wanted:
                decisions.append((.seen, "before the backlog (\(source.backlog.text))"))
                wanted.append(SourceItem(sourceID: source.id, entry: entry, status: .listed, position: position, listedAt: now))
            case .filtered(let reason):
                decisions.append((.filtered, reason))
            case .deferred(let reason, _):
                decisions.append((.deferred, reason))
            }
        }
        for item in SourceTriage.backlogSelection(wanted, backlog: source.backlog) {
            decisions[item.position] = (.queue, nil)
        }
        let count = { (decision: Decision) in decisions.count { $0.0 == decision } }
        self.init(
            listed: listed.count, wouldQueue: count(.queue), filtered: count(.filtered), deferred: count(.deferred), seen: count(.seen),
            entries: zip(listed, decisions).prefix(Self.shownEntries).map { entry, decision in
                Entry(mediaId: entry.mediaID, title: entry.title, publishedAt: entry.publishedAt, duration: entry.duration,
                      decision: decision.0, reason: decision.1)
            }
        )
    }
}
