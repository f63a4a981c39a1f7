// Usage: QueueBench <redis-url> <jobs> <concurrency>; prints one JSON line.
import Foundation
import SpoolRedis

let arguments = CommandLine.arguments
let url = arguments.count > 1 ? arguments[1] : "redis://127.0.0.1:6379"
let jobs = arguments.count > 2 ? Int(arguments[2]) ?? 20_000 : 20_000
let concurrency = arguments.count > 3 ? Int(arguments[3]) ?? 50 : 50
let result = try await RedisQueueBenchmark.run(url: url, jobs: jobs, concurrency: concurrency)
let encoder = JSONEncoder()
encoder.outputFormatting = [.sortedKeys]
print(String(decoding: try encoder.encode(result), as: UTF8.self))
