import Foundation
import SpoolCore
import SpoolSQLite
import SpoolTesting
import Testing

@Suite("Audit log pruning")
struct AuditPruneTaskTests {
    @Test("entries older than the retention go as the clock moves on; a dry run changes nothing")
    func prunes() async throws {
        let database = try SQLiteDatabase.inMemory(logger: quietLogger)
        let store = SQLiteAuditStore(database: database)
        let clock = ManualWallClock()
        for age in [120.0, 95, 30, 0] {
            _ = try await store.append(AuditEntry(time: clock.now.addingTimeInterval(-age * 86_400), actor: .system, action: "job.delete"))
        }
        let task = AuditPruneTask(store: store, clock: clock, keep: 90 * 86_400)

        #expect(try await task.run(dryRun: true).actions.isEmpty)
        #expect(try await store.entries(AuditQuery()).entries.count == 4)

        let report = try await task.run(dryRun: false)
        #expect(report.actions.map { $0.metadata["audit.entries"] } == ["2"])
        #expect(try await store.entries(AuditQuery()).entries.count == 2)

        clock.advance(by: 61 * 86_400)
        _ = try await task.run(dryRun: false)
        #expect(try await store.entries(AuditQuery()).entries.count == 1)
        #expect(try await task.run(dryRun: false).actions.isEmpty)
    }
}
