import RESP
import SpoolTesting
import Testing

@Suite("Redis scripts (real redis-server)")
struct RedisScriptTests {
    @Test("a script's name matches what SCRIPT LOAD returns")
    func scriptName() {
        // `redis-cli SCRIPT LOAD "return 1"` answers e0e1f9fabfc9d4800c877a703b823ac0578ff8db.
        #expect(RedisScript("return 1").sha1 == "e0e1f9fabfc9d4800c877a703b823ac0578ff8db")
    }

    static let claim = RedisScript("""
        local job = redis.call('LPOP', KEYS[1])
        if job then redis.call('HSET', KEYS[2], job, ARGV[1]) end
        return job
        """)

    @Test("EVALSHA loads the script on NOSCRIPT, also after SCRIPT FLUSH")
    func evalSHA() async throws {
        try await RedisServerProcess.withServer { server in
            try await server.withConnection { connection in
                try await connection.send("RPUSH", "queue", "job-1", "job-2")
                #expect(try await connection.send("SCRIPT", "EXISTS", Self.claim.sha1) == .array([.integer(0)]))
                #expect(try await connection.run(Self.claim, keys: ["queue", "leases"], arguments: ["worker-a"]) == .bulk("job-1"))
                #expect(try await connection.send("SCRIPT", "EXISTS", Self.claim.sha1) == .array([.integer(1)]))
                try await connection.send("SCRIPT", "FLUSH")
                #expect(try await connection.run(Self.claim, keys: ["queue", "leases"], arguments: ["worker-b"]) == .bulk("job-2"))
                #expect(try await connection.send("HGET", "leases", "job-2") == .bulk("worker-b"))
                #expect(try await connection.run(Self.claim, keys: ["queue", "leases"], arguments: ["worker-c"]) == .null)
            }
        }
    }

    @Test("a script that does not compile is the server's error")
    func badScript() async throws {
        try await RedisServerProcess.withServer { server in
            try await server.withConnection { connection in
                await #expect {
                    try await connection.run(RedisScript("return +"))
                } throws: { error in
                    guard case .server(let code, let message) = error as? RedisError else { return false }
                    return code == "ERR" && message.contains("compiling")
                }
            }
        }
    }
}
