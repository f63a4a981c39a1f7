import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SpoolAPI
import SpoolCore
import Testing

@Suite("GET /api/events (server-sent events)", .timeLimit(.minutes(5)))
struct EventStreamTests {
    /// One parsed SSE message.
    struct Message: Equatable {
        var id: Int64?
        var event: String?
        var data: String?
    }

    static func parse(_ text: String) -> [Message] {
        text.components(separatedBy: "\n\n").compactMap { block in
            var message = Message()
            for line in block.split(separator: "\n") {
                if line.hasPrefix("id: ") { message.id = Int64(line.dropFirst(4)) }
                if line.hasPrefix("event: ") { message.event = String(line.dropFirst(7)) }
                if line.hasPrefix("data: ") { message.data = String(line.dropFirst(6)) }
            }
            return message.event == nil ? nil : message
        }
    }

    /// Opens a stream, waits until it is subscribed, runs `live`, then ends the bus and returns the body.
    static func stream(_ api: TestAPI, _ client: any TestClientProtocol, uri: String, headers: HTTPFields,
                       live: @Sendable () async throws -> Void) async throws -> TestResponse {
        async let response = client.execute(uri: uri, method: .get, headers: headers)
        while api.hub.subscriberCount == 0 { try await Task.sleep(for: .milliseconds(5)) }
        try await live()
        api.hub.finishAll()
        return try await response
    }

    @Test("Last-Event-ID replays exactly the missing durable events, then live ones, progress included")
    func replay() async throws {
        let api = TestAPI()
        let bearer = try await api.bearer()
        let first = try await api.addJob()
        let second = try await api.addJob()
        var resume = bearer
        resume[HTTPField.Name("Last-Event-ID")!] = "2"
        let headers = resume
        try await api.test { client in
            let response = try await Self.stream(api, client, uri: "/api/events", headers: headers) {
                try await api.service.record([.log(first.id, .info, "live")])
                await api.hub.publish(.progress(second.id, JobProgress(stage: .download, percent: 50)))
            }
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/event-stream")
            #expect(response.text.hasPrefix("retry: 3000\n\n"))
            let messages = Self.parse(response.text)
            #expect(messages.compactMap(\.id) == [3, 4, 5])
            #expect(messages.map(\.event) == ["job_added", "log", "log", "progress"])
            let progress = try #require(messages.last?.data)
            let envelope = try SpoolJSON.makeDecoder().decode(EventDTO.self, from: Data(progress.utf8))
            #expect(envelope.jobId == second.id && envelope.payload["percent"] == .number(50))
        }
    }

    @Test("?lastEventId= and ?jobIds= select what is replayed and streamed")
    func filtered() async throws {
        let api = TestAPI()
        let bearer = try await api.bearer()
        let first = try await api.addJob()
        let second = try await api.addJob()
        try await api.test { client in
            let response = try await Self.stream(api, client, uri: "/api/events?lastEventId=0&jobIds=\(second.id)", headers: bearer) {
                try await api.service.record([.log(first.id, .info, "not for me"), .log(second.id, .info, "for me")])
            }
            let messages = Self.parse(response.text)
            #expect(messages.compactMap(\.id) == [3, 4, 6])
            #expect(!response.text.contains("not for me"))
        }
    }

    @Test("without a cursor only live events arrive; heartbeats are comments")
    func liveOnly() async throws {
        let api = TestAPI { $0.sseHeartbeat = .milliseconds(20) }
        let bearer = try await api.bearer()
        let job = try await api.addJob()
        try await api.test { client in
            let response = try await Self.stream(api, client, uri: "/api/events", headers: bearer) {
                // Many heartbeat periods, so a busy machine (the whole suite on two cores) still sends one.
                try await Task.sleep(for: .seconds(2))
                try await api.service.apply(.pause, to: job.id)
            }
            let messages = Self.parse(response.text)
            #expect(messages.map(\.event) == ["state_change"])
            #expect(messages.first?.id == 3)
            #expect(response.text.contains(": heartbeat\n\n"))
        }
    }

    @Test("streams need a token (header or ?token=) and valid parameters")
    func authentication() async throws {
        let api = TestAPI()
        let token = try await api.createToken("alice", role: .viewer)
        try await api.test { client in
            #expect(try await client.send(.get, "/api/events").status == .unauthorized)
            #expect(try await client.send(.get, "/api/events?token=\(token)&lastEventId=-1").errorCode == "invalid_input")
            #expect(try await client.send(.get, "/api/events?token=\(token)&jobIds=nope").errorCode == "invalid_input")
            let response = try await Self.stream(api, client, uri: "/api/events?token=\(token)", headers: [:]) {}
            #expect(response.status == .ok)
        }
    }
}
