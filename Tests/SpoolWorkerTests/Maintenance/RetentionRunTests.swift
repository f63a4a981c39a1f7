import Foundation
import Logging
import SpoolCore
import SpoolQueue
import SpoolTesting
import Testing

@testable import SpoolWorker

/// The retention of the library and the sources on real SQLite and real files: the dry run lists
/// exactly what the real run deletes.
@Suite("Retention runs")
struct RetentionRunTests {
    @Test("the dry run lists exactly the jobs and files the real run deletes; everything else stays")
    func dryRunIsRealRun() async throws {
        let rig = try MaintenanceRig()
        defer { rig.cleanUp() }
        // The library keeps its newest job; a `keep` tag spares one; a FAILED job is not a download.
        let newest = try await rig.job("l1", finishedDaysAgo: 1, filesize: 1_000)
        let second = try await rig.job("l2", finishedDaysAgo: 2, filesize: 2_000)
        let third = try await rig.job("l3", finishedDaysAgo: 3)
        let pinned = try await rig.job("l4", finishedDaysAgo: 4, tags: ["keep"])
        let failed = try await rig.job("l5", finishedDaysAgo: 5, state: .failed)
        // A source keeps its newest videos while they fit in 1 MB; another source has no retention.
        let s1 = try await rig.job("s1", finishedDaysAgo: 1, filesize: 600_000, sourceID: 1)
        let s2 = try await rig.job("s2", finishedDaysAgo: 2, filesize: 600_000, sourceID: 1)
        let s3 = try await rig.job("s3", finishedDaysAgo: 3, sourceID: 1)
        let capped = try await rig.source("capped", retention: Retention(maxTotalSizeMB: 1), jobs: [s1, s2, s3])
        #expect(capped.id == 1)
        let t1 = try await rig.job("t1", finishedDaysAgo: 90, sourceID: 2)
        _ = try await rig.source("open", retention: Retention(), jobs: [t1])
        let service = rig.retention(Retention(keepNewest: 1))

        let plan = try await service.plan()
        #expect(!plan.applied)
        #expect(plan.library.deletions.map(\.jobID) == [third.id, second.id])
        #expect(plan.library.deletions.map(\.reason) == ["beyond the newest 1", "beyond the newest 1"])
        #expect(plan.sources.map(\.name) == ["capped"], "sources without a retention are not listed")
        #expect(plan.sources.first?.deletions.map(\.jobID) == [s3.id, s2.id])
        #expect(plan.sources.first?.deletions.first?.reason.contains("its own size is unknown") == true)
        #expect(plan.sources.first?.deletions.map(\.mediaID) == ["capped-2", "capped-1"])
        #expect(plan.library.deletions.map(\.bytes) == [nil, 2_000])
        #expect(plan.bytes == 602_000)
        let planned = plan.deletions.flatMap(\.paths)
        #expect(planned.count == 8, "each video and its info.json")
        #expect(planned.allSatisfy(rig.exists), "a dry run deletes nothing")
        for doomed in [third, second, s3, s2] {
            #expect(try await rig.jobs.job(doomed.id) != nil)
        }

        let done = try await service.apply()
        #expect(done.applied)
        #expect(done.deletions.map(\.jobID) == plan.deletions.map(\.jobID))
        #expect(done.deletions.map(\.paths) == plan.deletions.map(\.paths), "the files deleted are the files listed")
        #expect(done.deletions.map(\.reason) == plan.deletions.map(\.reason))
        #expect(done.library.errors.isEmpty && done.sources.allSatisfy(\.errors.isEmpty))
        #expect(!planned.contains(where: rig.exists), "every listed file is gone")
        for doomed in [third, second, s3, s2] {
            #expect(try await rig.jobs.job(doomed.id) == nil)
        }
        for survivor in [newest, pinned, s1, t1] {
            #expect(try await rig.jobs.job(survivor.id) != nil)
            let files = try await rig.storedFiles(of: survivor)
            #expect(files.count == 2 && files.allSatisfy(rig.exists), "\(survivor.title ?? "") keeps its files")
        }
        #expect(try await rig.jobs.job(failed.id)?.state == .failed)

        // The library's deletions leave a job_removed event with the reason; the source's its log and item.
        let events = try await rig.events()
        let removed = events.filter { $0.type == .jobRemoved && $0.jobId == second.id }
        #expect(removed.first?.payload["reason"]?.stringValue == "retention: beyond the newest 1")
        #expect(removed.first?.payload["title"]?.stringValue == "Video l2")
        let sourceLogs = events.filter { $0.jobId == nil && $0.type == .log }.compactMap { $0.payload["message"]?.stringValue }
        #expect(sourceLogs.contains { $0.hasPrefix("retention deleted 'Video s2' [capped-1], 585.9 KiB: over the size limit of 1 MB") })
        let items = try await rig.sources.items(sourceID: capped.id, query: .init(limit: 10))
        #expect(Set(items.filter { $0.phase == .deleted }.map(\.entry.mediaID)) == ["capped-1", "capped-2"])
        #expect(items.first { $0.entry.mediaID == "capped-1" }?.reason?.hasPrefix("retention: over the size limit") == true)

        let again = try await service.plan()
        #expect(again.deletions.isEmpty, "nothing left to delete")
    }

    @Test("the retention task runs from q:generic, logs each deletion at info, and its entry goes")
    func taskFromQueue() async throws {
        let rig = try MaintenanceRig()
        defer { rig.cleanUp() }
        let keep = try await rig.job("new", finishedDaysAgo: 1)
        let old = try await rig.job("old", finishedDaysAgo: 40)
        let capture = LogCapture()
        let catalog = MaintenanceCatalog([RetentionTask(service: rig.retention(Retention(maxAgeDays: 30)))])
        let scheduler = MaintenanceScheduler(tasks: catalog.names, driver: rig.driver, clock: rig.clock, logger: capture.logger())
        #expect(try await scheduler.tick() == ["retention"])
        let lease = try #require(try await rig.driver.claim(from: .generic, workerID: "w", leaseDuration: .seconds(30), forcedOnly: false))
        #expect(lease.entry.key == TaskKey("maintenance:retention"))

        await MaintenanceHandler(catalog: catalog, logger: capture.logger()).handle(LeaseContext(lease: lease, driver: rig.driver))
        #expect(try await rig.driver.entries(in: .generic).isEmpty)
        #expect(try await rig.jobs.job(old.id) == nil)
        #expect(try await rig.jobs.job(keep.id) != nil)
        let line = try #require(capture.lines.first { $0.metadata["job.id"] == old.id.rawValue })
        #expect(line.level == .info)
        #expect(line.message == "retention deleted job \(old.id) 'Video old' (library): older than 30 days")
        #expect(line.metadata["maintenance.task"] == "retention" && line.metadata["retention.reason"] == "older than 30 days")
        #expect(line.metadata["file.paths"]?.contains("/library/old/old.mkv") == true)
        #expect(capture.lines.contains { $0.level == .info && $0.message == "retention: 1 action(s), 0 B" })
    }

    @Test("the schedule keeps one run of each task: a waiting or running one is not queued again")
    func scheduleDedupes() async throws {
        let rig = try MaintenanceRig()
        defer { rig.cleanUp() }
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        // Two gateways' schedulers on one queue.
        let first = MaintenanceScheduler(tasks: ["retention", "temp-sweep"], driver: rig.driver, clock: rig.clock, logger: logger)
        let second = MaintenanceScheduler(tasks: ["retention", "temp-sweep"], driver: rig.driver, clock: rig.clock, logger: logger)
        #expect(try await first.tick() == ["retention", "temp-sweep"])
        #expect(try await second.tick().isEmpty)
        #expect(try await rig.driver.entries(in: .generic).map(\.key).sorted() == [TaskKey("maintenance:retention"), TaskKey("maintenance:temp-sweep")])
        let running = try #require(try await rig.driver.claim(from: .generic, workerID: "w", leaseDuration: .seconds(30), forcedOnly: false))
        #expect(try await second.tick().isEmpty, "a running task is not queued again (its lease stays)")
        try await LeaseContext(lease: running, driver: rig.driver).complete()
        #expect(try await second.tick() == [try MaintenanceRun(entry: running.entry).task])
    }

    @Test("an unknown task's entry is dropped")
    func unknownTask() async throws {
        let rig = try MaintenanceRig()
        defer { rig.cleanUp() }
        try await MaintenanceRun.enqueue("gone", on: rig.driver)
        let lease = try #require(try await rig.driver.claim(from: .generic, workerID: "w", leaseDuration: .seconds(30), forcedOnly: false))
        let capture = LogCapture()
        await MaintenanceHandler(catalog: MaintenanceCatalog([]), logger: capture.logger()).handle(LeaseContext(lease: lease, driver: rig.driver))
        #expect(try await rig.driver.entries(in: .generic).isEmpty)
        #expect(capture.lines.contains { $0.level == .warning && $0.message == "dropping an unknown maintenance entry" })
    }
}
