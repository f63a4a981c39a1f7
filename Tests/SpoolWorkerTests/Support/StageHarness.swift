import Foundation
import Logging
import SpoolCore
import SpoolQueue
import SpoolSQLite
import Testing

@testable import SpoolWorker

/// The real download, dub and mux stages on fakes of the core's ports, with an in-memory SQLite
/// store, the in-memory queue and the stage workers.
struct StageHarness {
    let store: SQLiteJobStore
    let driver = MemoryQueueDriver()
    let running = RunningJobs()
    let storage = FakeStorage()
    let service: JobService
    let downloader: FakeDownloader
    let processor: FakeProcessor
    let engine: FakeVoiceEngine
    let download: DownloadStage.Configuration
    let logger: Logger

    /// A harness whose downloader runs `script` (made with the harness's storage).
    init(stallTimeout: Duration = .seconds(120), download script: (FakeStorage) -> FakeDownloader.Script) throws {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        self.logger = logger
        store = SQLiteJobStore(database: try SQLiteDatabase.inMemory(logger: logger))
        service = JobService(
            store: store, scheduler: QueueScheduler(driver: driver), events: EventHub(), control: running,
            files: storage, configuration: .init(minFreeBytes: 0)
        )
        downloader = FakeDownloader(script(storage))
        processor = FakeProcessor(storage: storage)
        engine = FakeVoiceEngine(storage: storage)
        download = .init(retryPolicy: Self.retries, stallTimeout: stallTimeout, stallRestarts: 1)
    }

    /// Quick retries, so a retried attempt runs at once.
    static let retries = RetryPolicy(maxRetries: 2, baseDelay: .milliseconds(10), maxDelay: .milliseconds(20))

    /// The ducking and loudness the mux stage is configured with.
    static let mix = VoiceOverSettings(duckingLevel: 0.25, loudnessTarget: -16)

    /// Workers for `stages`, their handlers on the fakes.
    func workers(_ stages: Set<Stage> = [.download, .dub, .mux]) -> StageWorkers {
        var handlers: [StageWorker] = []
        if stages.contains(.download) {
            handlers.append(StageWorker(.download, concurrency: 2, handler: DownloadStage(
                service: service, downloader: downloader, prober: FakeProber(), storage: storage, running: running, configuration: download, logger: logger
            )))
        }
        if stages.contains(.dub) {
            handlers.append(StageWorker(.dub, concurrency: 1, handler: DubStage(
                service: service, providers: [engine], processor: processor, storage: storage, running: running,
                configuration: .init(retryPolicy: Self.retries, defaultProvider: "tts"), logger: logger
            )))
        }
        if stages.contains(.mux) {
            handlers.append(StageWorker(.mux, concurrency: 1, handler: MuxStage(
                service: service, processor: processor, prober: FakeProber(), storage: storage, running: running,
                configuration: .init(retryPolicy: Self.retries, mix: Self.mix), logger: logger
            )))
        }
        return StageWorkers(driver: driver, stages: handlers, running: running, configuration: .init(idleWait: .milliseconds(50), workerID: "test"), logger: logger)
    }

    /// Runs the workers of `stages` while `body` runs.
    func run(_ stages: Set<Stage> = [.download, .dub, .mux], _ body: () async throws -> Void) async throws {
        let workers = workers(stages)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await workers.run() }
            defer { group.cancelAll() }
            try await body()
        }
    }

    /// Waits (up to a generous bound: ffmpeg runs at a lower priority, and on a busy machine it
    /// waits its turn) until the job satisfies `condition`; returns it.
    @discardableResult
    func wait(for id: JobID, until condition: (Job) -> Bool) async throws -> Job {
        let deadline = ContinuousClock.now + .seconds(300)
        while ContinuousClock.now < deadline {
            if let job = try await store.job(id), condition(job) { return job }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("job \(id) did not reach the expected state")
        return try #require(try await store.job(id))
    }

    /// Waits until the job is COMPLETE, FAILED or CANCELED.
    @discardableResult
    func waitUntilTerminal(_ id: JobID) async throws -> Job {
        try await wait(for: id) { $0.state.isTerminal }
    }

    /// Waits (up to a generous bound) until `condition` holds.
    func wait(until condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(300)
        while try await !condition(), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(try await condition())
    }

    /// Waits until the stage has settled the job's lease (nothing pending, nothing leased).
    func waitUntilSettled(_ stage: Stage) async throws {
        try await wait {
            let stats = try await driver.stats(for: QueueName(stage))
            return stats.pending == 0 && stats.active == 0 && running.ids.isEmpty
        }
    }

    /// The states the job entered, in order.
    func states(of id: JobID) async throws -> [String] {
        try await events(of: id, .stateChange).compactMap { $0.payload["to"]?.stringValue }
    }

    /// The messages of the job's log lines.
    func logs(of id: JobID) async throws -> [String] {
        try await events(of: id, .log).compactMap { $0.payload["message"]?.stringValue }
    }

    /// The job's stored events of one type.
    func events(of id: JobID, _ type: EventType) async throws -> [JobEvent] {
        try await store.events(for: id, query: EventQuery(limit: 500)).events.filter { $0.type == type }
    }
}
