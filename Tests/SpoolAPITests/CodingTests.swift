import Foundation
import SpoolAPI
import SpoolCore
import Testing

@Suite("Wire formats")
struct CodingTests {
    private func decode<Value: Decodable>(_ type: Value.Type, _ json: String) throws -> Value {
        try SpoolJSON.makeDecoder().decode(type, from: Data(json.utf8))
    }

    private func encode(_ value: some Encodable) throws -> String {
        String(decoding: try SpoolJSON.makeEncoder().encode(value), as: UTF8.self)
    }

    @Test("dates are written in UTC with milliseconds and read with or without them")
    func dates() throws {
        let date = Date(timeIntervalSince1970: 1_700_000_000.25)
        #expect(SpoolJSON.format(date) == "2023-11-14T22:13:20.250Z")
        #expect(SpoolJSON.parseDate("2023-11-14T22:13:20.250Z") == date)
        #expect(SpoolJSON.parseDate("2023-11-14T22:13:20Z") == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(SpoolJSON.parseDate("yesterday") == nil)
    }

    @Test("CreateJobRequest is strict on decoding and sparse on encoding")
    func createJobRequest() throws {
        let request = try decode(CreateJobRequest.self, #"{"url":"https://a.example/x","tags":null,"priority":"low"}"#)
        #expect(request.url == "https://a.example/x" && request.tags == nil && request.priority == .low)
        #expect(try encode(CreateJobRequest(url: "https://a.example/x")) == #"{"url":"https://a.example/x"}"#)
        #expect(throws: SpoolError(.unknownField, "unknown field 'colour'")) {
            try decode(CreateJobRequest.self, #"{"url":"https://a.example/x","colour":"red"}"#)
        }
        let options = try decode(CreateJobRequest.self, #"{"url":"https://a.example/x"}"#).options()
        #expect(options == JobOptions(url: "https://a.example/x"))
    }

    @Test("WebSocket client messages decode by type")
    func clientMessages() throws {
        let id = JobID("3f0c8a0e-5b7d-4c1e-9a53-2d2f6b1c9e10")
        #expect(try decode(WebSocketClientMessage.self, #"{"type":"ping"}"#) == .ping)
        #expect(try decode(WebSocketClientMessage.self, #"{"type":"authenticate","token":"t"}"#) == .authenticate(token: "t"))
        #expect(try decode(WebSocketClientMessage.self, #"{"type":"subscribe","jobIds":"all","lastEventId":7}"#) == .subscribe(.all, lastEventId: 7))
        #expect(try decode(WebSocketClientMessage.self, #"{"type":"subscribe","jobIds":["\#(id)"]}"#) == .subscribe(.jobs([id]), lastEventId: nil))
        #expect(try decode(WebSocketClientMessage.self, #"{"type":"unsubscribe","jobIds":["\#(id)"]}"#) == .unsubscribe([id]))
        #expect(throws: SpoolError.self) { try decode(WebSocketClientMessage.self, #"{"type":"subscribe","jobIds":"some"}"#) }
        #expect(throws: SpoolError.self) { try decode(WebSocketClientMessage.self, #"{"type":"subscribe","lastEventId":-1}"#) }
        let message = WebSocketClientMessage.subscribe(.jobs([id]), lastEventId: 3)
        #expect(try decode(WebSocketClientMessage.self, try encode(message)) == message)
    }

    @Test("WebSocket server messages round-trip; envelopes are told apart by their payload")
    func serverMessages() throws {
        let event = EventDTO(JobEvent(id: 9, jobId: JobID("3f0c8a0e-5b7d-4c1e-9a53-2d2f6b1c9e10"), type: .error,
                                      timestamp: Date(timeIntervalSince1970: 1_700_000_000), payload: .object(["code": .string("x")])))
        let messages: [WebSocketServerMessage] = [
            .event(event), .authenticated, .pong, .subscribed(.all, lastEventId: 4), .unsubscribed(.jobs([])),
            .error(code: "unauthorized", message: "no"),
        ]
        for message in messages {
            #expect(try decode(WebSocketServerMessage.self, try encode(message)) == message)
        }
        #expect(try encode(WebSocketServerMessage.pong) == #"{"type":"pong"}"#)
        let system = EventDTO(JobEvent(id: 1, jobId: nil, type: .notification, timestamp: Date(timeIntervalSince1970: 0), payload: .object([:])))
        #expect(try encode(system).contains(#""jobId":null"#))
    }

    @Test("health reports are ok only when every dependency is")
    func health() throws {
        let ok = HealthReport(uptime: 1, dependencies: .init(database: .ok, queue: .ok, filesystem: .ok, tools: ["ffmpeg": .ok]))
        #expect(ok.status == .ok && ok.isHealthy)
        let broken = HealthReport(uptime: 1, dependencies: .init(database: .ok, queue: .down("refused"), filesystem: .ok))
        #expect(broken.status == .degraded && !broken.isHealthy)
        let json = try encode(broken)
        #expect(json.contains(#""queue":{"message":"refused","status":"down"}"#))
    }
}
