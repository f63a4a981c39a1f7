import RESP
import SpoolTesting
import Testing

@Suite("Redis connection pool (real redis-server)")
struct RedisConnectionPoolTests {
    @Test("50 concurrent tasks share a pool of 4 connections")
    func concurrentTasks() async throws {
        try await RedisServerProcess.withServer { server in
            let pool = RedisConnectionPool(configuration: try server.configuration(), size: 4, logger: testLogger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for task in 0..<50 {
                    group.addTask {
                        for round in 0..<20 {
                            try await pool.send("INCR", "counter")
                            try await pool.set("task:\(task)", to: round)
                            #expect(try await pool.get("task:\(task)") == "\(round)")
                        }
                        let batch = try await pool.pipeline((0..<10).map { RedisCommand("RPUSH", "list:\(task)", $0) })
                        #expect(try batch.map { try $0.get().int } == Array(1...10))
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await pool.get("counter") == "1000")
            #expect(pool.openConnectionCount == 4)
            await pool.shutdown()
        }
    }

    @Test("withConnection lends a connection exclusively; other commands use the others")
    func exclusiveLease() async throws {
        try await RedisServerProcess.withServer { server in
            let pool = RedisConnectionPool(configuration: try server.configuration(), size: 2, logger: testLogger)
            try await pool.withConnection { leased in
                let leasedID = try await leased.send("CLIENT", "ID").int
                var others: Set<Int?> = []
                for _ in 0..<6 { others.insert(try await pool.send("CLIENT", "ID").int) }
                #expect(others.count == 1)
                #expect(!others.contains(leasedID))
                try await leased.send("MULTI")
                try await leased.send("INCR", "transaction")
                #expect(try await leased.send("EXEC") == .array([.integer(1)]))
            }
            await pool.shutdown()
        }
    }

    @Test("transactions run atomically on a shared connection and report each command's result")
    func transactions() async throws {
        try await RedisServerProcess.withServer { server in
            let pool = RedisConnectionPool(configuration: try server.configuration(), size: 2, logger: testLogger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for task in 0..<20 {
                    group.addTask {
                        let results = try await pool.transaction([
                            RedisCommand("INCR", "total"),
                            RedisCommand("RPUSH", "order", task),
                            RedisCommand("INCR", "total"),
                        ])
                        let (first, second) = (try results[0].get().int ?? 0, try results[2].get().int ?? 0)
                        // Nothing from another task ran between the two INCRs.
                        #expect(second == first + 1)
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await pool.get("total") == "40")
            try await pool.set("text", to: "x")
            let mixed = try await pool.transaction([RedisCommand("INCR", "text"), RedisCommand("GET", "text")])
            if case .failure(.server(let code, _)) = mixed[0] { #expect(code == "ERR") } else { Issue.record("INCR on text should fail") }
            #expect(try mixed[1].get() == .bulk("x"))
            await #expect {
                _ = try await pool.transaction([RedisCommand("NOSUCHCOMMAND")])
            } throws: { error in
                guard case .server(let code, _) = error as? RedisError else { return false }
                return code == "EXECABORT"
            }
            await pool.shutdown()
        }
    }

    @Test("a pool of one: a caller waits for the lease to end, then runs")
    func waitForLease() async throws {
        try await RedisServerProcess.withServer { server in
            let pool = RedisConnectionPool(configuration: try server.configuration(), size: 1, logger: testLogger)
            let (entered, signal) = AsyncStream.makeStream(of: Void.self)
            async let lease: Void = pool.withConnection { leased in
                try await leased.set("step", to: "during-lease")
                signal.yield()
                try await Task.sleep(for: .milliseconds(200))
                try await leased.set("step", to: "last-write-of-lease")
            }
            for await _ in entered { break }
            // Without exclusivity this GET would run at once and read "during-lease".
            #expect(try await pool.get("step") == "last-write-of-lease")
            try await lease
            await pool.shutdown()
        }
    }

    @Test("after the server is killed and restarted on the same port, the pool reconnects by itself")
    func reconnectAfterRestart() async throws {
        try await RedisServerProcess.withServer(appendOnly: true, arguments: ["--appendfsync", "always"]) { server in
            let pool = RedisConnectionPool(configuration: try server.configuration(), size: 2, logger: testLogger)
            try await pool.set("durable", to: "kept")
            #expect(pool.openConnectionCount == 1)
            await server.kill()
            try await eventually("the pool to notice") { pool.openConnectionCount == 0 }
            try await server.restart()
            #expect(try await pool.get("durable") == "kept")
            #expect(try await pool.ping() == "PONG")
            await pool.shutdown()
        }
    }

    @Test("a command issued while the server is down waits with backoff and succeeds when it is back")
    func backoffUntilBack() async throws {
        try await RedisServerProcess.withServer { server in
            // The restart can take many seconds on a busy machine: the command waits for it.
            var configuration = try server.configuration()
            configuration.connectRetryTimeout = .seconds(90)
            let pool = RedisConnectionPool(configuration: configuration, size: 2, logger: testLogger)
            #expect(try await pool.ping() == "PONG")
            await server.stop()
            async let restarted: Void = {
                try await Task.sleep(for: .milliseconds(500))
                try await server.restart()
            }()
            #expect(try await pool.send("ECHO", "back") == .bulk("back"))
            try await restarted
            await pool.shutdown()
        }
    }

    @Test("when the server stays down, commands fail with a connect error after the retry budget")
    func stayDown() async throws {
        try await RedisServerProcess.withServer { server in
            var configuration = try server.configuration()
            configuration.connectRetryTimeout = .milliseconds(300)
            let pool = RedisConnectionPool(configuration: configuration, size: 2, logger: testLogger)
            await server.stop()
            await #expect {
                try await pool.ping()
            } throws: { error in
                guard case .connectFailed(let address, _) = error as? RedisError else { return false }
                return address == "127.0.0.1:\(server.port)"
            }
            await pool.shutdown()
        }
    }

    @Test("after shutdown, commands fail with shutDown")
    func shutdown() async throws {
        try await RedisServerProcess.withServer { server in
            let pool = RedisConnectionPool(configuration: try server.configuration(), logger: testLogger)
            #expect(try await pool.ping() == "PONG")
            await pool.shutdown()
            await #expect(throws: RedisError.shutDown) { try await pool.ping() }
            #expect(pool.openConnectionCount == 0)
        }
    }
}
