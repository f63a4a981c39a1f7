import Foundation
import NIOCore
import SpoolAPIModels
import SpoolCore
import Synchronization
import Testing

@testable import SpoolAPI

@Suite("Live event fan-out: encoded once, batched, a slow client alone pays", .timeLimit(.minutes(5)))
struct EventFanoutTests {
    /// A durable, job-less event with id `id` and `padding` bytes of payload.
    static func event(_ id: Int, padding: Int = 16) -> JobEvent {
        JobEvent(id: Int64(id), jobId: nil, type: .notification, payload: .object(["pad": .string(String(repeating: "x", count: padding))]))
    }

    /// Reads `outbox` until `count` events arrived.
    static func read(_ outbox: EventOutbox, count: Int) async -> [EncodedEvent] {
        var events: [EncodedEvent] = []
        while events.count < count, let batch = await outbox.next() {
            events += batch.events
        }
        return events
    }

    /// Runs `body` with a broadcaster over `hub` running, then stops it.
    static func withBroadcaster(_ hub: EventHub, capacity: Int, _ body: @Sendable (EventBroadcaster) async throws -> Void) async throws {
        let broadcaster = EventBroadcaster(events: hub, capacity: capacity)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await broadcaster.run() }
            try await body(broadcaster)
            group.cancelAll()
        }
    }

    @Test("each event is encoded once whatever the number of streams; every stream gets it, in order, sharing the bytes", arguments: [1, 200])
    func encodedOnce(streams: Int) async throws {
        let hub = EventHub()
        try await Self.withBroadcaster(hub, capacity: 1_000) { broadcaster in
            let outboxes = (0..<streams).map { _ in broadcaster.subscribe(.all) }
            #expect(hub.subscriberCount == 1)
            for id in 1...50 { hub.publishNow(Self.event(id)) }
            var storage: Set<UInt> = []
            for outbox in outboxes {
                let events = await Self.read(outbox, count: 50)
                #expect(events.map(\.event.id) == Array(1...50))
                storage.insert(events[0].json.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) })
            }
            #expect(broadcaster.encodedCount == 50)
            #expect(storage.count == 1)
            for outbox in outboxes { outbox.finish() }
            #expect(broadcaster.outboxCount == 0)
            #expect(hub.subscriberCount == 0)
        }
    }

    @Test("a stream that is not read overflows alone and is dropped; the others get every event in order")
    func slowStreamOverflowsAlone() async throws {
        let hub = EventHub()
        try await Self.withBroadcaster(hub, capacity: 20) { broadcaster in
            let slow = broadcaster.subscribe(.all)
            let normal = broadcaster.subscribe(.all)
            var received: [Int64] = []
            for chunk in 0..<10 {
                for id in 1...10 { hub.publishNow(Self.event(chunk * 10 + id)) }
                received += await Self.read(normal, count: 10).map(\.event.id)
            }
            #expect(received == Array(1...100))
            #expect(slow.overflowed)
            #expect(await slow.next() == nil)
            #expect(broadcaster.outboxCount == 1)
            normal.finish()
        }
    }

    @Test("a job subscription's outbox takes only that job's events")
    func selection() async throws {
        let hub = EventHub()
        let mine = JobID("00000000-0000-0000-0000-00000000000a")
        try await Self.withBroadcaster(hub, capacity: 100) { broadcaster in
            let outbox = broadcaster.subscribe(.jobs([mine]))
            hub.publishNow(.log(JobID("00000000-0000-0000-0000-00000000000b"), .info, "not mine"))
            hub.publishNow(.log(mine, .info, "mine"))
            let events = await Self.read(outbox, count: 1)
            #expect(events.map(\.event.jobId) == [mine])
            outbox.finish()
        }
    }

    @Test("many WebSocket clients each receive every event of a burst, in order")
    func manyClientsInOrder() async throws {
        let api = TestAPI()
        let token = try await api.createToken("alice", role: .viewer)
        let hub = api.hub
        try await api.testLive { _, port in
            try await Self.withClients(12, port: port, token: token) { clients in
                for id in 1001...1300 { hub.publishNow(Self.event(id)) }
                for client in clients {
                    var ids: [Int] = []
                    while ids.count < 300 {
                        ids.append(try #require(try await client.receiveJSON()["id"] as? Int))
                    }
                    #expect(ids == Array(1001...1300))
                }
            }
        }
    }

    @Test("a WebSocket client that stops reading overflows alone: it later gets an unbroken prefix and a 1008 close; a reading client gets everything")
    func slowWebSocketClient() async throws {
        // The client that stops reading reads its prefix only once the reading client has all
        // 4,000 events: on a busy machine that takes longer than the 30 s a write may wait for it,
        // which would close it before its 1008 (the write timeout is not what this test is about).
        let api = TestAPI {
            $0.streamBufferEvents = 200
            $0.webSocketWriteTimeout = .seconds(600)
        }
        let token = try await api.createToken("alice", role: .viewer)
        let hub = api.hub
        let total = 4_000
        try await api.testLive { _, port in
            try await Self.withClients(2, port: port, token: token) { clients in
                let (slow, reader) = (clients[0], clients[1])
                let delivered = Delivered()
                var ids: [Int] = []
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        // Paced by the reading client, so only the one that stopped reading falls behind.
                        for chunk in 0..<(total / 100) {
                            for id in 1...100 { hub.publishNow(Self.event(1_000 + chunk * 100 + id, padding: 8_000)) }
                            while delivered.count.load(ordering: .relaxed) < (chunk + 1) * 100 { try await Task.sleep(for: .milliseconds(1)) }
                        }
                    }
                    while ids.count < total {
                        ids.append(try #require(try await reader.receiveJSON()["id"] as? Int))
                        delivered.count.store(ids.count, ordering: .relaxed)
                    }
                    try await group.waitForAll()
                }
                #expect(ids == Array(1_001...(1_000 + total)))

                var prefix: [Int] = []
                var closing: WebSocketTestClient.Message?
                while closing == nil {
                    switch try await slow.receive() {
                    case .text(let text):
                        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
                        prefix.append(try #require(object?["id"] as? Int))
                    case let close:
                        closing = close
                    }
                }
                #expect(!prefix.isEmpty && prefix.count < total)
                #expect(prefix == Array(1_001..<(1_001 + prefix.count)))
                #expect(closing == .close(code: 1008, reason: "too slow: resubscribe with lastEventId to resume"))
            }
        }
    }

    /// How many events the reading client has received so far.
    final class Delivered: Sendable {
        let count = Atomic<Int>(0)
    }

    /// Opens `count` authenticated WebSocket connections subscribed to all jobs, runs `body`.
    static func withClients(_ count: Int, port: Int, token: String, opened: [WebSocketTestClient] = [],
                            _ body: ([WebSocketTestClient]) async throws -> Void) async throws {
        guard opened.count < count else {
            try await body(opened)
            return
        }
        try await WebSocketTestClient.withConnection(port: port, path: "/api/ws?token=\(token)") { client in
            try await client.send(#"{"type":"subscribe","jobIds":"all"}"#)
            #expect(try await client.receiveJSON()["type"] as? String == "subscribed")
            try await withClients(count, port: port, token: token, opened: opened + [client], body)
        }
    }
}
