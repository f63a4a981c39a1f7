// The client side of bench/resp_bench.sh: 50 concurrent tasks sending one command each, repeatedly,
// through a RedisConnectionPool. Usage: RESPBench <port> [operations] [pool size].
import Glibc
import RESP

let arguments = CommandLine.arguments
guard arguments.count > 1, let port = Int(arguments[1]) else {
    print("usage: RESPBench <port> [operations=100000] [pool size=4]")
    exit(2)
}
let operations = arguments.count > 2 ? Int(arguments[2]) ?? 100_000 : 100_000
let poolSize = arguments.count > 3 ? Int(arguments[3]) ?? 4 : 4
let tasks = 50
let pool = RedisConnectionPool(configuration: RedisConfiguration(port: port), size: poolSize)
try await pool.send("DEL", "bench:counter")
let commands = [
    ("PING", RedisCommand("PING")),
    ("SET", RedisCommand("SET", "bench:key", "value")),
    ("INCR", RedisCommand("INCR", "bench:counter")),
]
for (name, command) in commands {
    let perTask = operations / tasks
    let start = ContinuousClock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
        for _ in 0..<tasks {
            group.addTask {
                for _ in 0..<perTask { try await pool.send(command) }
            }
        }
        try await group.waitForAll()
    }
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    print("RESP_BENCH \(name) \(perTask * tasks) \(Int(Double(perTask * tasks) / seconds))")
}
let counted = try await pool.get("bench:counter")
precondition(counted == String(operations / tasks * tasks), "INCR lost updates: \(counted ?? "nil")")
await pool.shutdown()
