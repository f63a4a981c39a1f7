import Foundation
import Logging
import SpoolCore
import SpoolQueue
import SpoolSQLite
import Synchronization
import Testing

@testable import SpoolWorker

/// A stage declared and registered only here runs through the lifecycle, the queue and the
/// workers: adding a stage needs its definition, its handler and one registry entry.
@Suite("A stage registered in a test")
struct ExtraStageTests {
    /// Runs after download for jobs tagged `stamp`, shown as PROCESSING while it runs.
    static let stamp = StageDefinition(Stage(rawValue: "stamp")!, runningState: .processing, noun: "stamping") { $0.tags.contains("stamp") }

    /// Which stage ran for which job, in order.
    final class Journal: Sendable {
        let entries = Mutex<[(stage: Stage, job: JobID)]>([])

        func jobs(of stage: Stage) -> [JobID] {
            entries.withLock { $0.filter { $0.stage == stage }.map(\.job) }
        }
    }

    /// Finishes its stage at once and writes the job in the journal.
    struct InstantStage: StageHandler {
        let run: StageRun
        let running: RunningJobs
        let journal: Journal

        init(_ definition: StageDefinition, _ context: Context) {
            var logger = Logger(label: "test")
            logger.logLevel = .critical
            run = StageRun(definition: definition, service: context.service, retryPolicy: RetryPolicy(), retryable: [], logger: logger)
            running = context.running
            journal = context.journal
        }

        func handle(_ context: LeaseContext) async {
            guard let job = await run.begin(context) else { return }
            let outcome: StageOutcome<Int> = await run.execute(job.id, running: running) { 1 }
            await run.settle(outcome, job: job, context: context) { _ in
                journal.entries.withLock { $0.append((run.stage, job.id)) }
                try await run.finish(job, context: context, events: [.log(job.id, .info, "\(run.noun) done", stage: run.stage)]) { _ in }
            }
        }
    }

    /// What the registry's handlers are made from in this test.
    struct Context: Sendable {
        let service: JobService
        let running: RunningJobs
        let journal: Journal
    }

    @Test("a job planned with the extra stage goes DOWNLOADING → DOWNLOADED → PROCESSING → COMPLETE; others skip it")
    func extraStageRuns() async throws {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let registry = StageRegistry<Context>([
            StageRegistration(.download, concurrency: { _ in 1 }) { InstantStage(.download, $0) },
            StageRegistration(Self.stamp, concurrency: { _ in 2 }) { InstantStage(Self.stamp, $0) },
        ])
        #expect(registry.names == ["download", "stamp"])
        #expect(try registry.stages(named: "stamp") == [Self.stamp.stage])
        #expect(throws: StageListError.self) { try registry.stages(named: "dub") }

        let store = SQLiteJobStore(database: try SQLiteDatabase.inMemory(logger: logger))
        let driver = MemoryQueueDriver()
        let running = RunningJobs()
        let journal = Journal()
        let service = JobService(
            store: store, scheduler: QueueScheduler(driver: driver), events: EventHub(), control: running,
            files: FakeStorage(), configuration: .init(minFreeBytes: 0), stages: registry.catalog
        )
        let workers = StageWorkers(
            driver: driver, stages: registry.workers(context: Context(service: service, running: running, journal: journal)), running: running,
            configuration: .init(idleWait: .milliseconds(50), workerID: "test"), logger: logger
        )
        let stamped = try await service.create(JobOptions(url: "https://example.com/a", tags: ["stamp"]))
        let plain = try await service.create(JobOptions(url: "https://example.com/b"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await workers.run() }
            defer { group.cancelAll() }
            for id in [stamped.id, plain.id] {
                try await Self.waitUntilTerminal(id, store: store)
            }
        }
        #expect(try await Self.states(of: stamped.id, store: store) == ["DOWNLOADING", "DOWNLOADED", "PROCESSING", "COMPLETE"])
        #expect(try await Self.states(of: plain.id, store: store) == ["DOWNLOADING", "DOWNLOADED", "COMPLETE"])
        let finished = try #require(try await store.job(stamped.id)).finishedStages
        #expect(finished == [.download, Self.stamp.stage])
        #expect(journal.jobs(of: Self.stamp.stage) == [stamped.id])
        #expect(Set(journal.jobs(of: .download)) == [stamped.id, plain.id])
    }

    /// Waits (up to a generous bound) until the job is COMPLETE, FAILED or CANCELED.
    static func waitUntilTerminal(_ id: JobID, store: any JobStore) async throws {
        let deadline = ContinuousClock.now + .seconds(300)
        while ContinuousClock.now < deadline {
            if let job = try await store.job(id), job.state.isTerminal { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("job \(id) did not finish")
    }

    /// The states the job entered, in order, from its stored state changes.
    static func states(of id: JobID, store: any JobStore) async throws -> [String] {
        let page = try await store.events(for: id, query: EventQuery(limit: 100))
        return page.events.filter { $0.type == .stateChange }.compactMap { $0.payload["to"]?.stringValue }
    }
}
