import Foundation
import Logging
import SpoolCore
import SpoolQueue
import SpoolSQLite
import SpoolTesting
import Testing

@testable import SpoolWorker

/// The injectable clock: the job service stamps with it, a manual clock wakes sleepers when moved.
@Suite("Wall clock")
struct WallClockTests {
    @Test("the job service stamps creation and state changes with its clock")
    func serviceUsesClock() async throws {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let clock = ManualWallClock()
        let store = SQLiteJobStore(database: try SQLiteDatabase.inMemory(logger: logger))
        let service = JobService(
            store: store, scheduler: QueueScheduler(driver: MemoryQueueDriver()), events: EventHub(), control: RunningJobs(),
            files: FakeStorage(), configuration: .init(minFreeBytes: 0), clock: clock
        )
        let created = try await service.create(JobOptions(url: "https://example.com/v"))
        #expect(created.createdAt == clock.now)
        clock.advance(by: 90)
        let paused = try await service.apply(.pause, to: created.id)
        #expect(paused.updatedAt == clock.now)
        #expect(paused.updatedAt.timeIntervalSince(created.createdAt) == 90)
        let changes = try await store.events(for: created.id, query: EventQuery(types: [.stateChange]))
        #expect(changes.events.last?.timestamp == clock.now)
    }

    @Test("a sleeper wakes only when the clock passes its deadline; cancellation ends the wait")
    func manualClockWakesSleepers() async throws {
        let clock = ManualWallClock()
        let deadline = clock.now.addingTimeInterval(60)
        let woke = Task { try await clock.sleep(until: deadline) }
        while clock.sleeperCount == 0 { await Task.yield() }
        clock.advance(by: 30)
        #expect(clock.sleeperCount == 1)
        clock.advance(by: 30)
        try await woke.value
        #expect(clock.sleeperCount == 0)

        let cancelled = Task { try await clock.sleep(until: clock.now.addingTimeInterval(10)) }
        while clock.sleeperCount == 0 { await Task.yield() }
        cancelled.cancel()
        await #expect(throws: CancellationError.self) { try await cancelled.value }
    }
}
