import Foundation

/// Persistence of the audit log (``AuditEntry``): append, read newest first, prune old entries.
public protocol AuditStore: Sendable {
    /// Stores an entry and returns it with its id.
    func append(_ entry: AuditEntry) async throws -> AuditEntry
    /// The entries matching the query, newest first; one more than `limit` is never returned, the
    /// page's cursor says whether there are more.
    func entries(_ query: AuditQuery) async throws -> AuditPage
    /// Deletes the entries older than `cutoff`; returns how many.
    func prune(before cutoff: Date) async throws -> Int
}
