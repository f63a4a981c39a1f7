import Foundation
import Logging
import SpoolQueue
import Testing

extension QueueDriverConformance {
    /// Keys other than job ids and opaque payloads (binary, empty or none) come back as enqueued,
    /// from `entries` and from a claim; re-enqueueing a key replaces its payload.
    public static func payloadsRoundTripWithTheirKeys(_ makeDriver: Factory) async throws {
        let driver = try await makeDriver()
        let queue = QueueName.unique("hooks")
        let binary = Data([0, 1, 2, 0xFF, 0xFE, 0x7B, 0x22, 0x0A, 0])
        try await driver.enqueue(EnqueueRequest(queue: queue, key: "source:42", payload: binary))
        try await driver.enqueue(EnqueueRequest(queue: queue, key: "sweep:retention"))
        try await driver.enqueue(EnqueueRequest(queue: queue, key: "webhook:delivery/7", payload: Data()))

        let entries = try await driver.entries(in: queue)
        #expect(entries.map(\.key) == ["source:42", "sweep:retention", "webhook:delivery/7"])
        #expect(entries.map(\.payload) == [binary, nil, Data()])
        let claimed = try await claimLeases(driver, queue)
        #expect(claimed.map(\.key) == ["source:42", "sweep:retention", "webhook:delivery/7"])
        #expect(claimed.map(\.payload) == [binary, nil, Data()])

        let replaced = Data("second".utf8)
        try await driver.enqueue(EnqueueRequest(queue: queue, key: "source:42", payload: replaced))
        try await driver.enqueue(EnqueueRequest(queue: queue, key: "webhook:delivery/7"))
        let again = try await claimLeases(driver, queue)
        #expect(again.map(\.key) == ["source:42", "webhook:delivery/7"])
        #expect(again.map(\.payload) == [replaced, nil], "re-enqueueing replaces the payload, or drops it")
    }

    /// A typed task enqueued with ``JobQueueDriver/enqueue(_:priority:position:notBefore:forced:)``
    /// goes to its type's queue under its key and decodes from the claimed lease; decoding as the
    /// wrong type, or an entry without a payload, throws `.invalidPayload`.
    public static func typedTasksDecodeFromTheirLease(_ makeDriver: Factory) async throws {
        let driver = try await makeDriver()
        let sync = SourceSyncTask(sourceID: Int.random(in: 1...1_000_000), fullRescan: true, since: Date(timeIntervalSince1970: 1_700_000_000))
        let entry = try await driver.enqueue(sync, priority: 2)
        #expect(entry.queue == SourceSyncTask.queue)
        #expect(entry.key == sync.key)
        #expect(try SourceSyncTask(entry: try #require(try await driver.entries(in: SourceSyncTask.queue).first)) == sync)

        let lease = try #require(try await driver.claim(from: SourceSyncTask.queue, workerID: "w", leaseDuration: longLease, forcedOnly: false))
        let context = LeaseContext(lease: lease, driver: driver)
        #expect(context.key == sync.key)
        #expect(lease.entry.priority == 2)
        #expect(try context.task(as: SourceSyncTask.self) == sync)
        let wrongType = #expect(throws: QueueError.self) { try context.task(as: RetentionSweepTask.self) }
        #expect(wrongType?.code == .invalidPayload)
        try await context.complete()
        #expect(try await driver.stats(for: SourceSyncTask.queue).completed == 1)

        try await driver.enqueue(EnqueueRequest(queue: SourceSyncTask.queue, key: "source:bare"))
        let bare = try #require(try await driver.claim(from: SourceSyncTask.queue, workerID: "w", leaseDuration: longLease, forcedOnly: false))
        let missing = #expect(throws: QueueError.self) { try LeaseContext(lease: bare, driver: driver).task(as: SourceSyncTask.self) }
        #expect(missing?.code == .invalidPayload)
    }

    /// A ``QueueProcessor`` on a task type's queue hands each claimed task to its handler, which
    /// decodes and completes it.
    public static func processorRunsTypedTasks(_ makeDriver: Factory) async throws {
        let driver = try await makeDriver()
        let deliveries = (1...3).map { WebhookDeliveryTask(deliveryID: $0, url: "http://127.0.0.1/hook/\($0)") }
        for delivery in deliveries {
            try await driver.enqueue(delivery)
        }
        let (handled, handledContinuation) = AsyncStream<WebhookDeliveryTask>.makeStream()
        let processor = QueueProcessor(
            driver: driver,
            configuration: .init(queue: WebhookDeliveryTask.queue, concurrency: 2, leaseDuration: longLease, idleWait: .milliseconds(50), workerID: "hooks"),
            logger: Logger(label: "spool.conformance")
        ) { context in
            guard let delivery = try? context.task(as: WebhookDeliveryTask.self) else { return }
            try? await context.complete()
            handledContinuation.yield(delivery)
        }
        let running = Task { try await processor.run() }
        // A generous bound (it returns as soon as all three are handled): the suite runs loaded.
        let seen = try await ConformanceSupport.within(.seconds(60)) { await Array(handled.prefix(3)) }
        running.cancel()
        _ = try? await running.value
        #expect(Set(seen ?? []) == Set(deliveries), "every task is decoded and handled")
        #expect(try await driver.stats(for: WebhookDeliveryTask.queue).completed == 3)
        #expect(try await driver.entries(in: WebhookDeliveryTask.queue).isEmpty)
    }

    /// The same key in two queues is two independent entries: own payloads, removal, pause and counts.
    public static func sameKeyInTwoQueuesIsTwoEntries(_ makeDriver: Factory) async throws {
        let driver = try await makeDriver()
        let syncs = QueueName.unique("sync"), hooks = QueueName.unique("hooks")
        let key: TaskKey = "source:42"
        try await driver.enqueue(EnqueueRequest(queue: syncs, key: key, payload: Data("sync".utf8)))
        try await driver.enqueue(EnqueueRequest(queue: hooks, key: key, payload: Data("hook".utf8)))
        try await driver.enqueue(EnqueueRequest(queue: hooks, key: "webhook:1"))

        #expect(try await driver.remove(key: key, from: hooks) == 1)
        #expect(try await driver.entries(in: hooks).map(\.key) == ["webhook:1"])
        #expect(try await driver.entries(in: syncs).map(\.payload) == [Data("sync".utf8)])
        try await driver.setPaused(true, queue: syncs)
        #expect(try await driver.claim(from: syncs, workerID: "w", leaseDuration: longLease, forcedOnly: false) == nil)
        let hook = try #require(try await driver.claim(from: hooks, workerID: "w", leaseDuration: longLease, forcedOnly: false))
        try await driver.complete(hook)
        #expect(try await driver.stats(for: hooks) == QueueStats(completed: 1))
        #expect(try await driver.stats(for: syncs) == QueueStats(pending: 1, paused: true))
        try await driver.setPaused(false, queue: syncs)
        #expect(try await claimLeases(driver, syncs).map(\.payload) == [Data("sync".utf8)])
    }

    /// Claims every claimable entry with a long lease, in claim order, returning the leases.
    static func claimLeases(_ driver: any JobQueueDriver, _ queue: QueueName) async throws -> [QueueLease] {
        var claimed: [QueueLease] = []
        while let lease = try await driver.claim(from: queue, workerID: "claim-all", leaseDuration: longLease, forcedOnly: false) {
            claimed.append(lease)
        }
        return claimed
    }
}
