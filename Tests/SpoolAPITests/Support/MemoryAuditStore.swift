import Foundation
import SpoolCore

/// A simple in-memory ``AuditStore`` for API tests.
actor MemoryAuditStore: AuditStore {
    private var stored: [AuditEntry] = []

    func append(_ entry: AuditEntry) -> AuditEntry {
        var entry = entry
        entry.id = Int64(stored.count + 1)
        stored.append(entry)
        return entry
    }

    func entries(_ query: AuditQuery) -> AuditPage {
        let matching = stored.reversed().filter { entry in
            (query.actor.map { entry.actor.name == $0 } ?? true)
                && (query.actionPrefix.map { entry.action.hasPrefix($0) } ?? true)
                && (query.since.map { entry.time >= $0 } ?? true)
                && (query.until.map { entry.time < $0 } ?? true)
                && (query.before.map { entry.id < $0 } ?? true)
        }
        let page = Array(matching.prefix(query.limit))
        return AuditPage(entries: page, nextCursor: matching.count > query.limit ? page.last?.id : nil)
    }

    func prune(before cutoff: Date) -> Int {
        let count = stored.count
        stored.removeAll { $0.time < cutoff }
        return count - stored.count
    }

    /// Every entry, oldest first.
    var all: [AuditEntry] { stored }
}
