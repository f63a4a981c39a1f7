import Foundation
import Hummingbird
import HummingbirdTesting
import SpoolAPI
import SpoolCore
import Testing

@Suite("GET /api/ws (WebSocket)", .timeLimit(.minutes(5)))
struct WebSocketTests {
    @Test("authenticate, subscribe with lastEventId: replay in order, then live events; ping answers pong")
    func replayThenLive() async throws {
        let api = TestAPI()
        let token = try await api.createToken("alice", role: .viewer)
        let first = try await api.addJob()
        try await api.addJob()
        try await api.testLive { _, port in
            try await WebSocketTestClient.withConnection(port: port, path: "/api/ws") { ws in
                try await ws.send(#"{"type":"subscribe","jobIds":"all"}"#)
                let refused = try await ws.receiveJSON()
                #expect(refused["type"] as? String == "error" && refused["code"] as? String == "unauthorized")

                try await ws.send(#"{"type":"authenticate","token":"\#(token)"}"#)
                #expect(try await ws.receiveJSON()["type"] as? String == "authenticated")

                try await ws.send(#"{"type":"subscribe","jobIds":"all","lastEventId":1}"#)
                let subscribed = try await ws.receiveJSON()
                #expect(subscribed["type"] as? String == "subscribed")
                #expect(subscribed["jobIds"] as? String == "all")
                #expect(subscribed["lastEventId"] as? Int == 1)
                var replayed: [Int] = []
                for _ in 0..<3 {
                    replayed.append(try #require(try await ws.receiveJSON()["id"] as? Int))
                }
                #expect(replayed == [2, 3, 4])

                try await api.service.apply(.pause, to: first.id)
                let live = try await ws.receiveJSON()
                #expect(live["id"] as? Int == 5)
                #expect(live["type"] as? String == "state_change")
                #expect(live["jobId"] as? String == first.id.rawValue)
                #expect((live["payload"] as? [String: Any])?["to"] as? String == "PAUSED")

                try await ws.send(#"{"type":"ping"}"#)
                #expect(try await ws.receiveJSON()["type"] as? String == "pong")
            }
        }
    }

    @Test("?token= authenticates at once; a job subscription sees only its jobs; unsubscribe stops them")
    func queryTokenAndFilter() async throws {
        let api = TestAPI()
        let token = try await api.createToken("alice", role: .user)
        let mine = try await api.addJob()
        let other = try await api.addJob()
        try await api.testLive { _, port in
            try await WebSocketTestClient.withConnection(port: port, path: "/api/ws?token=\(token)") { ws in
                try await ws.send(#"{"type":"subscribe","jobIds":["\#(mine.id)"]}"#)
                let subscribed = try await ws.receiveJSON()
                #expect(subscribed["jobIds"] as? [String] == [mine.id.rawValue])
                #expect(subscribed["lastEventId"] as? Int == 4)

                try await api.service.apply(.pause, to: other.id)
                try await api.service.apply(.pause, to: mine.id)
                let event = try await ws.receiveJSON()
                #expect(event["id"] as? Int == 6 && event["jobId"] as? String == mine.id.rawValue)

                try await ws.send(#"{"type":"unsubscribe","jobIds":["\#(mine.id)"]}"#)
                var reply = try await ws.receiveJSON()
                while reply["type"] as? String != "unsubscribed" { reply = try await ws.receiveJSON() }
                #expect(reply["jobIds"] as? [String] == [])
                try await api.service.apply(.resume, to: mine.id)
                try await ws.send(#"{"type":"ping"}"#)
                var next = try await ws.receiveJSON()
                while next["type"] as? String == "subscribed" { next = try await ws.receiveJSON() }
                #expect(next["type"] as? String == "pong")
            }
        }
    }

    @Test("connections that do not authenticate in time are closed with 1008")
    func authenticationTimeout() async throws {
        let api = TestAPI { $0.webSocketAuthTimeout = .milliseconds(200) }
        try await api.testLive { _, port in
            let closing = try await WebSocketTestClient.withConnection(port: port, path: "/api/ws") { ws in
                try await ws.receive()
            }
            #expect(closing == .close(code: 1008, reason: "authentication timeout"))
        }
    }

    @Test("a bad token in the first message closes the connection; a bad ?token= refuses the upgrade")
    func badTokens() async throws {
        let api = TestAPI()
        try await api.testLive { _, port in
            try await WebSocketTestClient.withConnection(port: port, path: "/api/ws") { ws in
                try await ws.send(#"{"type":"authenticate","token":"spl_nope"}"#)
                #expect(try await ws.receiveJSON()["code"] as? String == "unauthorized")
                guard case .close(let code, _) = try await ws.receive() else {
                    Issue.record("expected a close frame")
                    return
                }
                #expect(code == 1008)
            }
            await #expect(throws: WebSocketTestClient.UpgradeRefused.self) {
                try await WebSocketTestClient.withConnection(port: port, path: "/api/ws?token=spl_nope") { _ in }
            }
        }
    }

    @Test("malformed and unknown messages get an error reply and the connection stays open")
    func badMessages() async throws {
        let api = TestAPI()
        let token = try await api.createToken("alice", role: .user)
        try await api.testLive { _, port in
            try await WebSocketTestClient.withConnection(port: port, path: "/api/ws?token=\(token)") { ws in
                try await ws.send("{not json")
                #expect(try await ws.receiveJSON()["code"] as? String == "malformed_json")
                try await ws.send(#"{"type":"dance"}"#)
                #expect(try await ws.receiveJSON()["code"] as? String == "invalid_input")
                try await ws.send(#"{"type":"subscribe","jobIds":["../etc"]}"#)
                #expect(try await ws.receiveJSON()["code"] as? String == "invalid_input")
                try await ws.send(#"{"type":"ping"}"#)
                #expect(try await ws.receiveJSON()["type"] as? String == "pong")
            }
        }
    }
}
