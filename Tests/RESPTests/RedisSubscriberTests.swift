import RESP
import SpoolTesting
import Testing

@Suite("Redis pub/sub (real redis-server)")
struct RedisSubscriberTests {
    @Test("messages arrive in order on RESP3 and RESP2; unsubscribe ends the sequence", arguments: [RedisConfiguration.ProtocolVersion.resp3, .resp2])
    func subscribe(version: RedisConfiguration.ProtocolVersion) async throws {
        try await RedisServerProcess.withServer { server in
            let publisher = try await RedisConnection.connect(configuration: server.configuration(), logger: testLogger)
            try await RedisSubscriber.withSubscriber(configuration: server.configuration(protocolVersion: version), logger: testLogger) { subscriber in
                let subscription = try await subscriber.subscribe(to: ["events:progress", "events:state"])
                #expect(try await publisher.publish("10%", to: "events:progress") == 1)
                #expect(try await publisher.publish("running", to: "events:state") == 1)
                #expect(try await publisher.publish("nobody", to: "events:other") == 0)
                #expect(try await publisher.publish("20%", to: "events:progress") == 1)
                let received = try await within(.seconds(20), "three messages") {
                    var received: [String] = []
                    for await message in subscription {
                        received.append("\(message.channel)=\(message.string)")
                        if received.count == 3 { break }
                    }
                    return received
                }
                #expect(received == ["events:progress=10%", "events:state=running", "events:progress=20%"])
                try await subscription.unsubscribe()
                #expect(try await publisher.send("PUBSUB", "NUMSUB", "events:progress") == .array([.bulk("events:progress"), .integer(0)]))
                let rest = try await within(.seconds(20), "the sequence to end") {
                    var count = 0
                    for await _ in subscription { count += 1 }
                    return count
                }
                #expect(rest == 0)
            }
            await publisher.close()
        }
    }

    @Test("pattern subscriptions report the pattern; two subscriptions to one channel both receive")
    func patterns() async throws {
        try await RedisServerProcess.withServer { server in
            let publisher = try await RedisConnection.connect(configuration: server.configuration(), logger: testLogger)
            try await RedisSubscriber.withSubscriber(configuration: server.configuration(), logger: testLogger) { subscriber in
                let pattern = try await subscriber.subscribe(toPatterns: ["events:*"])
                let first = try await subscriber.subscribe(to: ["events:log"])
                let second = try await subscriber.subscribe(to: ["events:log"])
                #expect(try await publisher.publish("line", to: "events:log") == 2)
                let viaPattern = try await within(.seconds(20), "the pattern message") { await pattern.first { _ in true } }
                #expect(viaPattern?.pattern == "events:*" && viaPattern?.channel == "events:log" && viaPattern?.string == "line")
                let viaFirst = try await within(.seconds(20), "the first copy") { await first.first { _ in true } }
                let viaSecond = try await within(.seconds(20), "the second copy") { await second.first { _ in true } }
                #expect(viaFirst?.string == "line" && viaSecond?.string == "line" && viaFirst?.pattern == nil)
                // One subscription leaving keeps the channel for the other.
                try await first.unsubscribe()
                #expect(try await publisher.send("PUBSUB", "NUMSUB", "events:log").array?.last == .integer(1))
            }
            await publisher.close()
        }
    }

    @Test("after the server is killed and restarted, the subscriber resubscribes by itself")
    func resubscribeAfterRestart() async throws {
        try await RedisServerProcess.withServer { server in
            try await RedisSubscriber.withSubscriber(configuration: server.configuration(), logger: testLogger) { subscriber in
                let subscription = try await subscriber.subscribe(to: ["events:error"])
                let pattern = try await subscriber.subscribe(toPatterns: ["jobs:*"])
                await server.kill()
                try await server.restart()
                let publisher = try await RedisConnection.connect(configuration: server.configuration(), logger: testLogger)
                try await eventually("the subscriber to resubscribe") {
                    let channels = try await publisher.send("PUBSUB", "NUMSUB", "events:error").array?.last
                    let patterns = try await publisher.send("PUBSUB", "NUMPAT").int
                    return channels == .integer(1) && patterns == 1
                }
                try await publisher.publish("after restart", to: "events:error")
                try await publisher.publish("queued", to: "jobs:1")
                let message = try await within(.seconds(20), "a message after the restart") { await subscription.first { _ in true } }
                #expect(message?.string == "after restart")
                let patterned = try await within(.seconds(20), "a pattern message after the restart") { await pattern.first { _ in true } }
                #expect(patterned?.channel == "jobs:1")
                await publisher.close()
            }
        }
    }

    @Test("shutdown ends every subscription")
    func shutdownEnds() async throws {
        try await RedisServerProcess.withServer { server in
            let subscription = try await RedisSubscriber.withSubscriber(configuration: server.configuration(), logger: testLogger) { subscriber in
                try await subscriber.subscribe(to: ["events:progress"])
            }
            let count = try await within(.seconds(20), "the sequence to end") {
                var count = 0
                for await _ in subscription { count += 1 }
                return count
            }
            #expect(count == 0)
        }
    }
}
