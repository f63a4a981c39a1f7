import Foundation
import SpoolCore
import SpoolQueue
import SpoolTesting
import Testing

@testable import SpoolWorker

/// A download worker that starts while the stored announcements leave its queue paused.
@Suite("Disk space gate: a pause that outlived its worker")
struct DiskSpaceGateTests {
    private func harness() throws -> StageHarness {
        try StageHarness { storage in FakeDownloader.succeeding(storage: storage) }
    }

    private func resumes(in store: any JobStore) async throws -> [JobEvent] {
        try await store.events(after: 0, jobIDs: nil, limit: 100).filter { $0.payload["type"]?.stringValue == "queue.resumed" }
    }

    @Test("a stored queue.paused with no pause held here: the first claim check announces queue.resumed once")
    func announcesResumeForAStoredPause() async throws {
        let rig = try harness()
        let pause = QueuePause(queue: DiskSpaceGate.queue, reason: "No space left on device", since: Date(), freeBytes: 0, resumeAtBytes: 1)
        try await rig.service.record([.queuePaused(pause)])
        let gate = DiskSpaceGate(service: rig.service, freeBytes: { 5 << 30 }, logger: rig.logger)
        #expect(await gate.mayClaim())
        #expect(await gate.mayClaim())
        let deadline = ContinuousClock.now + .seconds(60)
        while try await resumes(in: rig.store).isEmpty, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        try await Task.sleep(for: .milliseconds(200))
        let resumed = try await resumes(in: rig.store)
        #expect(resumed.count == 1)
        #expect(resumed.first?.payload["queue"]?.stringValue == DiskSpaceGate.queue)
        // What an API process restores from the store now: no pause.
        let restored = QueuePauses()
        _ = try await restored.restore(from: rig.store)
        #expect(restored.all.isEmpty)
    }

    @Test("no stored pause, or one already resumed: nothing is announced")
    func quietWithoutAStoredPause() async throws {
        let rig = try harness()
        let pause = QueuePause(queue: DiskSpaceGate.queue, reason: "No space left on device", since: Date(), freeBytes: 0, resumeAtBytes: 1)
        try await rig.service.record([.queuePaused(pause), .queueResumed(DiskSpaceGate.queue, freeBytes: 2 << 30)])
        let gate = DiskSpaceGate(service: rig.service, freeBytes: { 5 << 30 }, logger: rig.logger)
        #expect(await gate.mayClaim())
        await gate.settleStoredPause()
        #expect(try await resumes(in: rig.store).count == 1)
    }
}
