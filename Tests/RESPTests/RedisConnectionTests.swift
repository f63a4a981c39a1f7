import NIOCore
import NIOPosix
import RESP
import SpoolTesting
import Testing

@Suite("Redis connection (real redis-server)")
struct RedisConnectionTests {
    @Test("connects with HELLO 3, then PING, SET and GET")
    func basics() async throws {
        try await RedisServerProcess.withServer { server in
            try await server.withConnection { connection in
                #expect(connection.protocolVersion == 3)
                #expect(try await connection.ping() == "PONG")
                try await connection.set("greeting", to: "hello")
                #expect(try await connection.get("greeting") == "hello")
                #expect(try await connection.get("missing") == nil)
                #expect(try await connection.send("GET", "missing") == .null)
                #expect(try await connection.send("APPEND", "greeting", ", world") == .integer(12))
            }
        }
    }

    @Test("RESP3 replies: map, set, double, boolean, null")
    func resp3Types() async throws {
        try await RedisServerProcess.withServer { server in
            try await server.withConnection { connection in
                try await connection.send("HSET", "hash", "a", "1", "b", "2")
                #expect(try await connection.send("HGETALL", "hash") == .map([.bulk("a"): .bulk("1"), .bulk("b"): .bulk("2")]))
                try await connection.send("SADD", "set", "x", "y")
                #expect(try await connection.send("SMEMBERS", "set") == .set([.bulk("x"), .bulk("y")]))
                try await connection.send("ZADD", "zset", 1.5, "member")
                #expect(try await connection.send("ZSCORE", "zset", "member") == .double(1.5))
                #expect(try await connection.send("INCRBYFLOAT", "float", 0.25).double == 0.25)
                #expect(try await connection.send("EVAL", "redis.setresp(3); return true", 0) == .boolean(true))
                #expect(try await connection.send("EVAL", "redis.setresp(3); return false", 0) == .boolean(false))
                #expect(try await connection.send("ZSCORE", "zset", "nobody") == .null)
            }
        }
    }

    @Test("RESP2 when asked: the same commands, read through the same accessors")
    func resp2() async throws {
        try await RedisServerProcess.withServer { server in
            try await server.withConnection(protocolVersion: .resp2) { connection in
                #expect(connection.protocolVersion == 2)
                try await connection.send("HSET", "hash", "a", "1")
                let reply = try await connection.send("HGETALL", "hash")
                #expect(reply == .array([.bulk("a"), .bulk("1")]))
                #expect(reply.stringMap?["a"]?.string == "1")
                try await connection.send("ZADD", "zset", 2.5, "member")
                #expect(try await connection.send("ZSCORE", "zset", "member").double == 2.5)
                #expect(try await connection.send("GET", "missing") == .bulkString(nil))
            }
        }
    }

    @Test("a server without HELLO (as before Redis 6) gets RESP2 with AUTH and CLIENT SETNAME")
    func fallbackToRESP2() async throws {
        try await RedisServerProcess.withServer(password: "pw", arguments: ["--rename-command", "HELLO", ""]) { server in
            var configuration = try server.configuration()
            configuration.clientName = "old-server-client"
            let connection = try await RedisConnection.connect(configuration: configuration, logger: testLogger)
            #expect(connection.protocolVersion == 2)
            #expect(try await connection.send("CLIENT", "GETNAME").string == "old-server-client")
            try await connection.send("HSET", "hash", "a", "1")
            #expect(try await connection.send("HGETALL", "hash") == .array([.bulk("a"), .bulk("1")]))
            await connection.close()
        }
    }

    @Test("a reply beyond the decoder's limits closes the connection with a protocol violation")
    func decoderLimit() async throws {
        try await RedisServerProcess.withServer { server in
            var configuration = try server.configuration()
            configuration.decoder.maximumBulkLength = 64
            let connection = try await RedisConnection.connect(configuration: configuration, logger: testLogger)
            try await connection.set("big", to: String(repeating: "x", count: 65))
            await #expect {
                try await connection.send("GET", "big")
            } throws: { error in
                guard case .protocolViolation(let reason) = error as? RedisError else { return false }
                return reason.contains("exceeds the limit of 64")
            }
            try await eventually("the connection to close") { !connection.isActive }
            await #expect(throws: RedisError.self) { try await connection.ping() }
        }
    }

    @Test("a pipeline of 1,000 commands is answered in order")
    func pipelineOrder() async throws {
        try await RedisServerProcess.withServer { server in
            try await server.withConnection { connection in
                let writes = (0..<500).map { RedisCommand("SET", "key:\($0)", "value:\($0)") }
                let reads = (0..<500).map { RedisCommand("GET", "key:\($0)") }
                let replies = try await connection.pipeline(writes + reads)
                #expect(replies.count == 1000)
                let values = try replies.suffix(500).map { try $0.get().string }
                #expect(values == (0..<500).map { "value:\($0)" })
                let counters = try await connection.pipeline((0..<1000).map { _ in RedisCommand("INCR", "counter") })
                #expect(try counters.map { try $0.get().int } == Array(1...1000))
            }
        }
    }

    @Test("error replies inside a pipeline fail only their own command")
    func pipelineErrors() async throws {
        try await RedisServerProcess.withServer { server in
            try await server.withConnection { connection in
                let replies = try await connection.pipeline([
                    RedisCommand("SET", "text", "x"),
                    RedisCommand("LPUSH", "text", "y"),
                    RedisCommand("GET", "text"),
                ])
                #expect(try replies[0].get() == .simpleString("OK"))
                #expect(throws: RedisError.self) { try replies[1].get() }
                if case .failure(.server(let code, _)) = replies[1] { #expect(code == "WRONGTYPE") } else { Issue.record("expected WRONGTYPE") }
                #expect(try replies[2].get().string == "x")
                await #expect {
                    try await connection.send("LPUSH", "text", "y")
                } throws: { error in
                    guard case .server(let code, let message) = error as? RedisError else { return false }
                    return code == "WRONGTYPE" && message.contains("wrong kind of value")
                }
            }
        }
    }

    @Test("50 tasks sending at once on one connection each get their own replies")
    func concurrentOnOneConnection() async throws {
        try await RedisServerProcess.withServer { server in
            try await server.withConnection { connection in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for task in 0..<50 {
                        group.addTask {
                            for round in 0..<20 {
                                try await connection.set("task:\(task)", to: "\(task)-\(round)")
                                let value = try await connection.get("task:\(task)")
                                #expect(value == "\(task)-\(round)")
                            }
                        }
                    }
                    try await group.waitForAll()
                }
            }
        }
    }

    @Test("SELECT from the URL's database keeps databases apart")
    func databases() async throws {
        try await RedisServerProcess.withServer { server in
            let database1 = try await RedisConnection.connect(configuration: RedisConfiguration(url: server.url + "/1"), logger: testLogger)
            let database2 = try await RedisConnection.connect(configuration: server.configuration(database: 2), logger: testLogger)
            try await database1.set("shared", to: "one")
            #expect(try await database2.get("shared") == nil)
            try await database2.set("shared", to: "two")
            #expect(try await database1.get("shared") == "one")
            #expect(try await database1.send("CLIENT", "INFO").string?.contains("db=1") == true)
            await database1.close()
            await database2.close()
        }
    }

    @Test("a command that outlives its timeout fails; the late reply is dropped and the next command gets its own")
    func timeout() async throws {
        try await RedisServerProcess.withServer { server in
            try await server.withConnection { connection in
                await #expect(throws: RedisError.timeout(command: "BLPOP", seconds: 0.2)) {
                    try await connection.send(RedisCommand("BLPOP", "empty-list", 1), timeout: .milliseconds(200))
                }
                #expect(connection.isActive)
                let echoed = try await connection.send("ECHO", "after")
                #expect(echoed == .bulk("after"))
            }
        }
    }

    @Test("the server closing the connection fails the pending command and later ones")
    func closedByServer() async throws {
        try await RedisServerProcess.withServer { server in
            try await server.withConnection { connection in
                let id = try #require(try await connection.send("CLIENT", "ID").int)
                try await server.withConnection { killer in
                    async let blocked = connection.send(RedisCommand("BLPOP", "never", 0), timeout: nil)
                    try await eventually("BLPOP to block") {
                        try await killer.send("CLIENT", "LIST", "TYPE", "normal").string?.contains("cmd=blpop") == true
                    }
                    try await killer.send("CLIENT", "KILL", "ID", id)
                    do {
                        let reply = try await blocked
                        Issue.record("BLPOP returned \(reply) on a killed connection")
                    } catch {
                        #expect(error as? RedisError == .connectionClosed)
                    }
                }
                try await eventually("the channel to close") { !connection.isActive }
                await #expect(throws: RedisError.connectionClosed) { try await connection.ping() }
            }
        }
    }

    @Test("a peer that does not speak RESP fails the connect with a protocol violation")
    func notRedis() async throws {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(GarbageResponder())
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(server.localAddress?.port)
        await #expect {
            _ = try await RedisConnection.connect(configuration: RedisConfiguration(port: port), logger: testLogger)
        } throws: { error in
            guard case .protocolViolation(let reason) = error as? RedisError else { return false }
            return reason.contains("unknown RESP type byte 0x48")
        }
        try await server.close()
    }

    @Test("nobody listening: a clear connect error")
    func refused() async throws {
        let port = try await RedisServerProcess.withServer { $0.port }
        await #expect {
            _ = try await RedisConnection.connect(configuration: RedisConfiguration(port: port), logger: testLogger)
        } throws: { error in
            guard case .connectFailed(let address, _) = error as? RedisError else { return false }
            return address == "127.0.0.1:\(port)" && "\(error)".contains("cannot connect to Redis")
        }
    }
}

/// Answers anything with an HTTP error line, like a web server on the wrong port.
private final class GarbageResponder: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "HTTP/1.1 400 Bad Request\r\n\r\n")), promise: nil)
    }
}
