import Foundation
import Logging
import SpoolSQLite
@testable import SpoolApp
import SpoolCore
import Testing

/// The API process's view of pauses announced by other processes on the event bus.
@Suite("Queue pause follower")
struct QueuePauseFollowerTests {
    @Test("a worker's queue.paused on the bus shows in the API's pauses; its queue.resumed clears them")
    func followsTheBus() async throws {
        let bus = EventHub()
        let pauses = QueuePauses()
        let follower = Task { try await QueuePauseFollower(events: bus, pauses: pauses).run() }
        defer { follower.cancel() }
        let pause = QueuePause(queue: "q:download", reason: "No space left on device", since: Date(), freeBytes: 0, resumeAtBytes: 1 << 30)
        // The follower subscribes when its task starts: announce until it has heard (a generous
        // deadline: on a loaded machine the whole test process can stall for seconds).
        let deadline = ContinuousClock.now + .seconds(60)
        while pauses.all.isEmpty, ContinuousClock.now < deadline {
            await bus.publish(.queuePaused(pause))
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(pauses.all["q:download"]?.reason == "No space left on device")
        #expect(pauses.all["q:download"]?.resumeAtBytes == 1 << 30)
        await bus.publish(.queueResumed("q:download", freeBytes: 2 << 30))
        let cleared = ContinuousClock.now + .seconds(60)
        while !pauses.all.isEmpty, ContinuousClock.now < cleared {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(pauses.all.isEmpty)
    }
}

/// What the follower restores from the store when it starts.
@Suite("Queue pause follower: stored announcements")
struct QueuePauseFollowerRestoreTests {
    @Test("a pause stored before the API started shows at once; its queue.resumed on the bus clears it; an older event again on the bus changes nothing")
    func restoresStoredPause() async throws {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let store = SQLiteJobStore(database: try SQLiteDatabase.inMemory(logger: logger))
        let pause = QueuePause(queue: "q:download", reason: "No space left on device", since: Date(), freeBytes: 0, resumeAtBytes: 1 << 30)
        let stored = try await store.append([.queuePaused(pause)])
        let bus = EventHub()
        let pauses = QueuePauses()
        let follower = Task { try await QueuePauseFollower(events: bus, pauses: pauses, store: store).run() }
        defer { follower.cancel() }
        let deadline = ContinuousClock.now + .seconds(60)
        while pauses.all.isEmpty, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(pauses.all["q:download"]?.reason == "No space left on device")

        // The stored pause delivered again by the bus (as after a reconnect), then the resume.
        let resumed = try await store.append([.queueResumed("q:download", freeBytes: 2 << 30)])
        await bus.publish(stored[0])
        await bus.publish(resumed[0])
        let cleared = ContinuousClock.now + .seconds(60)
        while !pauses.all.isEmpty, ContinuousClock.now < cleared {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(pauses.all.isEmpty)
        await bus.publish(stored[0])
        try await Task.sleep(for: .milliseconds(200))
        #expect(pauses.all.isEmpty, "an event the history already applied is skipped")
    }
}
