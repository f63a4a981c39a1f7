import Foundation
import RESP
import SpoolTesting
import Testing

/// Many tasks hammering one pool; it checks every command was counted, and prints throughput for
/// `bench/resp_bench.sh` (which raises `RESP_BENCH_OPERATIONS`). Speed is never asserted here.
@Suite("Redis throughput (real redis-server)")
struct RedisThroughputTests {
    static var operations: Int {
        ProcessInfo.processInfo.environment["RESP_BENCH_OPERATIONS"].flatMap(Int.init) ?? 5_000
    }

    @Test("50 concurrent tasks on a pool: every PING answered and every INCR counted")
    func concurrentThroughput() async throws {
        let port = ProcessInfo.processInfo.environment["RESP_BENCH_PORT"].flatMap(Int.init)
        let run: (RedisConfiguration) async throws -> Void = { configuration in
            let pool = RedisConnectionPool(configuration: configuration, size: 4, logger: testLogger)
            try await pool.send("DEL", "bench:counter")
            let perTask = Self.operations / 50
            for (name, command) in [("PING", RedisCommand("PING")), ("INCR", RedisCommand("INCR", "bench:counter"))] {
                let start = ContinuousClock.now
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<50 {
                        group.addTask {
                            for _ in 0..<perTask { try await pool.send(command) }
                        }
                    }
                    try await group.waitForAll()
                }
                let elapsed = ContinuousClock.now - start
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                print("RESP_BENCH \(name) \(perTask * 50) operations in \(seconds) s: \(Int(Double(perTask * 50) / seconds)) ops/s")
            }
            #expect(try await pool.get("bench:counter") == String(perTask * 50))
            await pool.shutdown()
        }
        if let port {
            try await run(RedisConfiguration(port: port))
        } else {
            try await RedisServerProcess.withServer { server in try await run(try server.configuration()) }
        }
    }
}
