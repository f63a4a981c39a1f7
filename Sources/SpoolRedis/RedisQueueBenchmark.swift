import Foundation
import RESP
import SpoolQueue

/// The no-op job benchmark behind `spool bench-queue`: `jobs` jobs are enqueued, claimed and
/// completed by `concurrency` tasks at once over one connection pool, in a fresh queue.
public enum RedisQueueBenchmark {
    /// What one run measured.
    public struct Result: Sendable, Codable, Hashable {
        /// Jobs completed.
        public var jobs: Int
        /// Concurrent tasks.
        public var concurrency: Int
        /// Wall time in seconds.
        public var seconds: Double
        /// Jobs per second (enqueue + claim + complete).
        public var jobsPerSecond: Double
    }

    /// Runs the benchmark against the server at `url` (use a scratch server: the keys, under a
    /// random `spool-bench-…:` prefix, are left behind).
    public static func run(url: String, jobs: Int = 20_000, concurrency: Int = 50, poolSize: Int = 4) async throws -> Result {
        let pool = RedisConnectionPool(configuration: try RedisConfiguration(url: url), size: poolSize)
        let driver = RedisQueueDriver(client: pool, configuration: .init(keyPrefix: "spool-bench-\(UUID().uuidString.prefix(8)):"))
        do {
            try await driver.run()
        } catch {
            await pool.shutdown()
            throw error
        }
        let result: Result
        do {
            result = try await measure(driver, jobs: jobs, concurrency: concurrency)
        } catch {
            await pool.shutdown()
            throw error
        }
        await pool.shutdown()
        return result
    }

    private static func measure(_ driver: RedisQueueDriver, jobs: Int, concurrency: Int) async throws -> Result {
        let queue = QueueName(rawValue: "q:bench")
        let perTask = (jobs + concurrency - 1) / concurrency
        let clock = ContinuousClock()
        let started = clock.now
        let done = try await withThrowingTaskGroup(of: Int.self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var completed = 0
                    for _ in 0..<perTask {
                        try await driver.enqueue(EnqueueRequest(queue: queue, key: TaskKey(rawValue: UUID().uuidString)))
                        if let lease = try await driver.claim(from: queue, workerID: "bench-\(worker)", leaseDuration: .seconds(60), forcedOnly: false) {
                            try await driver.complete(lease)
                            completed += 1
                        }
                    }
                    return completed
                }
            }
            return try await group.reduce(0, +)
        }
        let seconds = (clock.now - started).timeInterval
        return Result(jobs: done, concurrency: concurrency, seconds: seconds, jobsPerSecond: Double(done) / seconds)
    }
}
