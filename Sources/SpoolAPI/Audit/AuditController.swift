import Foundation
import Hummingbird
import SpoolAPIModels
import SpoolCore

/// `GET /api/audit`: the audit log for admins, newest first, filtered and paged.
struct AuditController: Sendable {
    let store: any AuditStore

    /// Registers the route on the authenticated `/api` group.
    func addRoutes(to group: RouterGroup<SpoolRequestContext>) {
        group.get("audit", use: list)
    }

    /// Filters: `actor` (user name, `system`, `cli`), `action` (a prefix: `job.`, `auth.login`),
    /// `since`/`until` (RFC 3339), `limit` (1–1000, default 100) and `cursor` (from `nextCursor`).
    @Sendable func list(_ request: Request, context: SpoolRequestContext) async throws -> AuditListResponse {
        let query = QueryParameters(request)
        let cursor = try query.nonEmpty("cursor", maxLength: 20).map { text -> Int64 in
            guard let value = Int64(text), value > 0 else { throw SpoolError(.invalidInput, "cursor must be a value of nextCursor") }
            return value
        }
        let page = try await store.entries(AuditQuery(
            actor: try query.nonEmpty("actor", maxLength: 64),
            actionPrefix: try query.nonEmpty("action", maxLength: 64),
            since: try date(query, "since"),
            until: try date(query, "until"),
            before: cursor,
            limit: try query.int("limit", default: 100, in: 1...1000)
        ))
        return AuditListResponse(entries: page.entries.map(AuditEntryDTO.init), nextCursor: page.nextCursor.map(String.init))
    }

    private func date(_ query: QueryParameters, _ name: String) throws -> Date? {
        guard let text = try query.nonEmpty(name, maxLength: 40) else { return nil }
        guard let date = SpoolJSON.parseDate(text) else { throw SpoolError(.invalidInput, "\(name) must be an RFC 3339 date-time") }
        return date
    }
}
