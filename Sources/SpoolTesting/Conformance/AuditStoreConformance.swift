import Foundation
import SpoolCore
import Testing

/// The conformance suite every ``AuditStore`` passes: entries come back as stored, newest first,
/// filtered by actor, action prefix and time, paged by cursor, and pruned by age.
///
/// The factory must return an empty store for each call.
public enum AuditStoreConformance {
    /// Makes an empty store for one check.
    public typealias Factory = @Sendable () async throws -> any AuditStore

    /// Every check, for a parameterized test.
    public static let checks: [ConformanceCheck<Factory>] = [
        .init("storesEntriesAsGiven", storesEntriesAsGiven),
        .init("filtersAndPagesNewestFirst", filtersAndPagesNewestFirst),
        .init("prunesOldEntries", prunesOldEntries),
    ]

    /// An entry comes back with an id and every member as given.
    public static func storesEntriesAsGiven(_ makeStore: Factory) async throws {
        let store = try await makeStore()
        let entry = AuditEntry(
            time: Date(timeIntervalSince1970: 1_750_000_000.25), actor: AuditActor(userID: 7, name: "alice"), clientAddress: "10.0.0.5",
            action: "job.pause", target: AuditTarget(kind: "job", id: "j1"), outcome: .success,
            detail: ["url": .string("https://example.com/v"), "count": .number(2), "disabled": .bool(true)]
        )
        let stored = try await store.append(entry)
        #expect(stored.id > 0)
        let system = try await store.append(AuditEntry(time: Date(timeIntervalSince1970: 1_750_000_001), actor: .system, action: "auth.login_failed", outcome: .failure))
        #expect(system.id > stored.id)

        let page = try await store.entries(AuditQuery())
        #expect(page.nextCursor == nil)
        #expect(page.entries.map(\.id) == [system.id, stored.id])
        let read = try #require(page.entries.last)
        #expect(read.actor == entry.actor && read.clientAddress == "10.0.0.5" && read.action == "job.pause")
        #expect(read.target == AuditTarget(kind: "job", id: "j1") && read.outcome == .success && read.detail == entry.detail)
        #expect(ConformanceSupport.close(read.time, entry.time))
        let first = try #require(page.entries.first)
        #expect(first.actor == .system && first.target == nil && first.detail == nil && first.clientAddress == nil && first.outcome == .failure)
    }

    /// Filters combine; pages follow the cursor without gaps or repeats.
    public static func filtersAndPagesNewestFirst(_ makeStore: Factory) async throws {
        let store = try await makeStore()
        let start = Date(timeIntervalSince1970: 1_760_000_000)
        var ids: [Int64] = []
        for index in 0..<10 {
            let actor = index.isMultiple(of: 2) ? AuditActor(userID: 1, name: "alice") : AuditActor(userID: 2, name: "bob")
            let action = index < 5 ? "job.create" : "token.revoke"
            ids.append(try await store.append(AuditEntry(time: start.addingTimeInterval(Double(index) * 60), actor: actor, action: action)).id)
        }
        #expect(try await store.entries(AuditQuery(actor: "alice")).entries.map(\.id) == [ids[8], ids[6], ids[4], ids[2], ids[0]])
        #expect(try await store.entries(AuditQuery(actionPrefix: "token.")).entries.count == 5)
        #expect(try await store.entries(AuditQuery(actionPrefix: "job")).entries.count == 5)
        #expect(try await store.entries(AuditQuery(actionPrefix: "job.created")).entries.isEmpty)
        #expect(try await store.entries(AuditQuery(actor: "bob", actionPrefix: "job.")).entries.map(\.id) == [ids[3], ids[1]])
        let window = try await store.entries(AuditQuery(since: start.addingTimeInterval(120), until: start.addingTimeInterval(300)))
        #expect(window.entries.map(\.id) == [ids[4], ids[3], ids[2]])

        var seen: [Int64] = []
        var cursor: Int64?
        repeat {
            let page = try await store.entries(AuditQuery(before: cursor, limit: 4))
            #expect(page.entries.count <= 4)
            seen += page.entries.map(\.id)
            cursor = page.nextCursor
        } while cursor != nil
        #expect(seen == ids.reversed())
    }

    /// Pruning deletes entries older than the cutoff and says how many.
    public static func prunesOldEntries(_ makeStore: Factory) async throws {
        let store = try await makeStore()
        let now = Date()
        for days in [100.0, 91, 89, 1] {
            _ = try await store.append(AuditEntry(time: now.addingTimeInterval(-days * 86_400), actor: .cli, action: "user.create"))
        }
        #expect(try await store.prune(before: now.addingTimeInterval(-90 * 86_400)) == 2)
        #expect(try await store.entries(AuditQuery()).entries.count == 2)
        #expect(try await store.prune(before: now.addingTimeInterval(-90 * 86_400)) == 0)
    }
}
