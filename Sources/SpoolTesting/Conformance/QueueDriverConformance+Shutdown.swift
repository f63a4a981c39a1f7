import Foundation
import Logging
import SpoolCore
import SpoolQueue
import Testing

extension QueueDriverConformance {
    /// When a ``QueueProcessor`` stops while a handler runs, the handler is cancelled and its
    /// entry handed back at once, without an attempt counted (even though the stopping task is
    /// itself cancelled).
    public static func inFlightEntriesAreHandedBackOnShutdown(_ makeDriver: Factory) async throws {
        let driver = try await makeDriver()
        let queue = QueueName.unique()
        let id = TaskKey.randomJob()
        try await driver.enqueue(EnqueueRequest(queue: queue, key: id))
        let (started, startedContinuation) = AsyncStream<TaskKey>.makeStream()
        let processor = QueueProcessor(
            driver: driver,
            configuration: .init(queue: queue, concurrency: 1, leaseDuration: longLease, idleWait: .milliseconds(50), workerID: "stopping"),
            logger: Logger(label: "spool.conformance")
        ) { context in
            startedContinuation.yield(context.key)
            try? await Task.sleep(for: .seconds(3600))
        }
        let running = Task { try await processor.run() }

        let handled = try await ConformanceSupport.within(.seconds(10)) { await started.first { _ in true } }
        #expect(handled == id, "the processor picks the entry up")
        running.cancel()
        let stopped = try await ConformanceSupport.within(.seconds(10)) { () async -> Bool in
            _ = try? await running.value
            return true
        }
        #expect(stopped == true, "the processor stops once cancelled")

        let lease = try await driver.claim(from: queue, workerID: "next", leaseDuration: longLease, forcedOnly: false)
        #expect(lease?.entry.key == id, "the in-flight entry is claimable again at once")
        #expect(lease?.entry.attempts == 0)
    }
}
