import Foundation
import SpoolCore
import SpoolStorage
import Testing

@testable import SpoolWorker

/// The sweep of work folders left behind, on real SQLite and real folders.
@Suite("Temp sweep")
struct TempSweepTests {
    /// Makes the job's work folder with a file of `bytes` in a subfolder.
    static func leave(_ rig: MaintenanceRig, _ id: JobID, bytes: Int) throws -> String {
        let folder = try rig.storage.createWorkDirectory(for: id, subfolder: "dub")
        try Data(repeating: 1, count: bytes).write(to: URL(fileURLWithPath: folder + "/voice.wav"))
        return rig.storage.workDirectory(for: id)
    }

    @Test("folders of terminal and missing jobs go with their bytes counted; running jobs, fresh failures and other names stay")
    func sweep() async throws {
        let rig = try MaintenanceRig()
        defer { rig.cleanUp() }
        let complete = try await rig.job("done", finishedDaysAgo: 0.1)
        let canceled = try await rig.job("stopped", finishedDaysAgo: 0.1, state: .canceled)
        let running = try await rig.job("busy", finishedDaysAgo: 0, state: .downloading)
        let paused = try await rig.job("paused", finishedDaysAgo: 0, state: .paused)
        let failedNow = try await rig.job("failed-now", finishedDaysAgo: 0.5, state: .failed)
        let failedLong = try await rig.job("failed-long", finishedDaysAgo: 4, state: .failed)
        let missing = JobID.random()
        let gone = [complete.id: 1_000, canceled.id: 2_000, failedLong.id: 3_000, missing: 4_000]
        let stays = [running.id: 10, paused.id: 20, failedNow.id: 30]
        var folders: [JobID: String] = [:]
        for (id, bytes) in gone.merging(stays, uniquingKeysWith: { $1 }) { folders[id] = try Self.leave(rig, id, bytes: bytes) }
        let stranger = rig.storage.paths.tempRoot + "/not-a-job"
        try FileManager.default.createDirectory(atPath: stranger, withIntermediateDirectories: true)
        let looksLikeAJob = rig.storage.paths.tempRoot + "/" + JobID.random().rawValue
        try Data("a file, not a folder".utf8).write(to: URL(fileURLWithPath: looksLikeAJob))

        let sweep = TempSweepTask(folders: rig.storage, store: rig.jobs, clock: rig.clock, configuration: .init(keepFailed: 3 * 86_400))
        let dry = try await sweep.run(dryRun: true)
        #expect(Set(dry.actions.compactMap { $0.metadata["job.id"] }) == Set(gone.keys.map(\.rawValue)))
        #expect(dry.bytes == 10_000)
        #expect(folders.values.allSatisfy(rig.exists), "a dry run removes nothing")

        let report = try await sweep.run(dryRun: false)
        #expect(report.actions.map(\.metadata) == dry.actions.map(\.metadata))
        #expect(report.bytes == 10_000 && report.errors.isEmpty)
        #expect(report.actions.first { $0.metadata["job.id"] == missing.rawValue }?.message.hasSuffix("(3.9 KiB): its job no longer exists") == true)
        for id in gone.keys { #expect(!rig.exists(folders[id]!), "\(id) removed") }
        for id in stays.keys { #expect(rig.exists(folders[id]!), "\(id) kept") }
        #expect(rig.exists(stranger) && rig.exists(looksLikeAJob), "names that are not job folders are left alone")
        #expect(try await sweep.run(dryRun: false).actions.isEmpty)
    }

    /// The real folders, with a job starting right after each listing: its folder appears before
    /// its job could be looked up.
    struct JobStartsMeanwhile: WorkFolders {
        let storage: LocalMediaStorage
        let newcomer: JobID

        func workFolderIDs() throws -> [JobID] {
            let listed = try storage.workFolderIDs()
            _ = try storage.createWorkDirectory(for: newcomer)
            return listed
        }

        func workFolderBytes(for id: JobID) -> Int64 { storage.workFolderBytes(for: id) }

        func removeWorkFolder(for id: JobID) async throws { try await storage.removeWorkFolder(for: id) }
    }

    @Test("a folder that appears after the listing (a job starting) is never touched, even before its job can be found")
    func listedFirst() async throws {
        let rig = try MaintenanceRig()
        defer { rig.cleanUp() }
        let leftover = try Self.leave(rig, JobID.random(), bytes: 5)
        let newcomer = JobID.random()
        let folders = JobStartsMeanwhile(storage: rig.storage, newcomer: newcomer)
        let report = try await TempSweepTask(folders: folders, store: rig.jobs, clock: rig.clock).run(dryRun: false)
        #expect(report.actions.count == 1 && !rig.exists(leftover))
        #expect(rig.exists(rig.storage.workDirectory(for: newcomer)), "not listed, so not looked up, so not removed")
    }

    @Test("deleting, canceling and finishing a job remove its work folder; a failure keeps it for resume")
    func lifecycleRemovesFolders() async throws {
        let rig = try MaintenanceRig()
        defer { rig.cleanUp() }
        let finished = try await rig.job("finished", finishedDaysAgo: 0)
        let failed = try await rig.job("failed", finishedDaysAgo: 0, state: .failed)
        let queued = try await rig.service.create(JobOptions(url: "https://example.com/queued"))
        let deleted = try await rig.service.create(JobOptions(url: "https://example.com/deleted"))
        var folders: [JobID: String] = [:]
        for id in [finished.id, failed.id, queued.id, deleted.id] { folders[id] = try Self.leave(rig, id, bytes: 100) }
        try await rig.service.delete(finished.id, deleteFiles: false)
        try await rig.service.apply(.cancel, to: queued.id)
        try await rig.service.delete(deleted.id, deleteFiles: true)
        #expect(!rig.exists(folders[finished.id]!) && !rig.exists(folders[queued.id]!) && !rig.exists(folders[deleted.id]!))
        #expect(rig.exists(folders[failed.id]!), "resume of a failed job continues from its work folder")
        try await rig.service.delete(failed.id, deleteFiles: true)
        #expect(!rig.exists(folders[failed.id]!))
    }
}
