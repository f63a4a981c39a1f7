import Foundation
import SpoolCore
import SpoolQueue
import SpoolWorker
import Testing

@Suite("Source sync queue")
struct SourceSyncSchedulerTests {
    @Test("a queued or running check is not replaced by another request; a full re-index replaces a plain check")
    func noReplacement() async throws {
        let driver = MemoryQueueDriver()
        let syncs = QueueSourceSyncScheduler(driver: driver)
        try await syncs.enqueueSync(7, mode: .check, notBefore: nil)
        let lease = try #require(try await driver.claim(from: .sync, workerID: "w", leaseDuration: .seconds(30), forcedOnly: false))
        try await syncs.enqueueSync(7, mode: .check, notBefore: nil)
        #expect(try await driver.claim(from: .sync, workerID: "w", leaseDuration: .seconds(30), forcedOnly: false) == nil, "the running check keeps its lease")
        try await syncs.enqueueSync(7, mode: .fast, notBefore: nil)
        let fast = try #require(try await driver.claim(from: .sync, workerID: "w", leaseDuration: .seconds(30), forcedOnly: false))
        #expect(try SourceSyncTask(entry: fast.entry).mode == .fast, "feed polls have their own key")
        try await syncs.enqueueSync(7, mode: .full, notBefore: nil)
        let entries = try await driver.entries(in: .sync).filter { $0.key == lease.entry.key }
        let mode = try SourceSyncTask(entry: try #require(entries.first)).mode
        #expect(entries.count == 1 && mode == .full)
        try await syncs.removeSync(7)
        #expect(try await driver.entries(in: .sync).isEmpty)
    }
}
