import Foundation
import SpoolAPI
import SpoolCore
import Testing

/// Raw Engine.IO / Socket.IO frames against `/socket.io/` (the checklist of the official protocol
/// test suites, adapted): short timings, a raw WebSocket client and raw HTTP for polling.
@Suite("/socket.io/ (Engine.IO v4, Socket.IO v5)", .timeLimit(.minutes(5)))
struct SocketIOTests {
    static let path = "/socket.io/?EIO=4&transport=websocket"

    /// An API with a short ping interval. The connect and ping timeouts are long unless a test is
    /// about them: on a loaded machine a CONNECT or a pong can take more than a second, and a short
    /// timeout would close sessions that other tests use.
    static func api(connectTimeout: Duration = .seconds(20), pingTimeout: Duration = .seconds(10)) -> TestAPI {
        TestAPI {
            $0.socketIOPingInterval = .milliseconds(300)
            $0.socketIOPingTimeout = pingTimeout
            $0.socketIOConnectTimeout = connectTimeout
        }
    }

    /// The next text frame that is not a ping (pings are answered).
    static func next(_ ws: WebSocketTestClient) async throws -> String {
        while true {
            guard case .text(let text) = try await ws.receive() else { throw Unexpected(what: "a close frame") }
            if text == "2" {
                try await ws.send("3")
                continue
            }
            return text
        }
    }

    /// Whether the server ends the connection (a close frame, or the socket closing).
    static func isClosed(_ ws: WebSocketTestClient) async -> Bool {
        do {
            while true {
                if case .close = try await ws.receive() { return true }
            }
        } catch {
            return true
        }
    }

    struct Unexpected: Error { let what: String }

    static func json(_ text: some StringProtocol) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Opens a session and connects `/` with `token`.
    static func connected(_ ws: WebSocketTestClient, token: String) async throws {
        _ = try await next(ws)
        try await ws.send(#"40{"token":"\#(token)"}"#)
        #expect(try await next(ws).hasPrefix(#"40{"sid":"#))
    }

    @Test("the open packet has exactly sid, upgrades [], pingInterval, pingTimeout, maxPayload")
    func openPacket() async throws {
        try await Self.api().testLive { _, port in
            try await WebSocketTestClient.withConnection(port: port, path: Self.path) { ws in
                let open = try await Self.next(ws)
                #expect(open.first == "0")
                let object = try Self.json(open.dropFirst())
                #expect(Set(object.keys) == ["sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload"])
                #expect((object["upgrades"] as? [String]) == [])
                #expect(object["pingInterval"] as? Int == 300 && object["pingTimeout"] as? Int == 10_000)
            }
        }
    }

    @Test("missing or wrong EIO, an unknown transport and an unknown sid are refused with Engine.IO's 400 body")
    func refusedRequests() async throws {
        try await Self.api().testLive { _, port in
            for path in ["/socket.io/?transport=websocket", "/socket.io/?EIO=3&transport=websocket", "/socket.io/?EIO=abc&transport=websocket",
                         "/socket.io/?EIO=4", "/socket.io/?EIO=4&transport=abc", "/socket.io/?EIO=4&transport=websocket&sid=nope"] {
                await #expect(throws: WebSocketTestClient.UpgradeRefused.self, "\(path)") {
                    try await WebSocketTestClient.withConnection(port: port, path: path) { _ in }
                }
            }
            let version = try await RawHTTP.send(port: port, "GET", "/socket.io/?EIO=3&transport=polling")
            #expect(version.status == 400 && version.body == #"{"code":5,"message":"Unsupported protocol version"}"#)
            let transport = try await RawHTTP.send(port: port, "GET", "/socket.io/?EIO=4&transport=carrier-pigeon")
            #expect(transport.body == #"{"code":0,"message":"Transport unknown"}"#)
            let sid = try await RawHTTP.send(port: port, "GET", "/socket.io/?EIO=4&transport=polling&sid=nope")
            #expect(sid.status == 400 && sid.body == #"{"code":1,"message":"Session ID unknown"}"#)
        }
    }

    @Test("the server pings every pingInterval; answered pongs keep the session, a missing one closes it")
    func heartbeat() async throws {
        // 3 s: long enough for a pong answered on a busy machine, short enough to wait out.
        let api = Self.api(pingTimeout: .seconds(3))
        let token = try await api.createToken("alice", role: .viewer)
        try await api.testLive { _, port in
            try await WebSocketTestClient.withConnection(port: port, path: Self.path) { ws in
                _ = try await ws.receive()
                try await ws.send(#"40{"token":"\#(token)"}"#)
                _ = try await ws.receive()
                let start = ContinuousClock.now
                for _ in 0..<3 {
                    #expect(try await ws.receive() == .text("2"))
                    try await ws.send("3")
                }
                #expect(ContinuousClock.now - start >= .milliseconds(800))
                #expect(try await ws.receive() == .text("2"))
                #expect(await Self.isClosed(ws))
            }
        }
    }

    @Test("1, a frame with an unknown type, 4abc, 42{} and 42abc[…] close the session")
    func closingFrames() async throws {
        let api = Self.api()
        let token = try await api.createToken("alice", role: .viewer)
        try await api.testLive { _, port in
            for frame in ["1", "abc", "4abc", #"42{}"#, #"42abc["message",1]"#, #"44{"message":"x"}"#] {
                try await WebSocketTestClient.withConnection(port: port, path: Self.path) { ws in
                    try await Self.connected(ws, token: token)
                    try await ws.send(frame)
                    #expect(await Self.isClosed(ws), "\(frame)")
                }
            }
        }
    }

    @Test("CONNECT: a token is required, a bad one is refused with a message, other namespaces are invalid")
    func connect() async throws {
        let api = Self.api()
        let token = try await api.createToken("alice", role: .viewer)
        try await api.testLive { _, port in
            try await WebSocketTestClient.withConnection(port: port, path: Self.path) { ws in
                _ = try await Self.next(ws)
                try await ws.send("40")
                let missing = try await Self.next(ws)
                #expect(missing.hasPrefix("44"))
                #expect((try Self.json(missing.dropFirst(2))["message"] as? String)?.hasPrefix("authentication required") == true)
                try await ws.send(#"40{"token":"spl_bad"}"#)
                #expect(try await Self.next(ws) == #"44{"message":"invalid or expired token"}"#)
                try await ws.send("40/custom,")
                #expect(try await Self.next(ws) == #"44/custom,{"message":"Invalid namespace"}"#)
                try await ws.send("40/random")
                #expect(try await Self.next(ws) == #"44/random,{"message":"Invalid namespace"}"#)
                try await ws.send(#"40{"token":"\#(token)"}"#)
                let accepted = try await Self.next(ws)
                #expect(accepted.hasPrefix("40"))
                #expect(Array(try Self.json(accepted.dropFirst(2)).keys) == ["sid"])
                // Leaving the namespace keeps the Engine.IO session: the next frame is a ping.
                try await ws.send("41")
                #expect(try await ws.receive() == .text("2"))
            }
        }
    }

    @Test("no CONNECT within connectTimeout, or an event before CONNECT, closes the session")
    func connectRules() async throws {
        try await Self.api(connectTimeout: .milliseconds(1000)).testLive { _, port in
            try await WebSocketTestClient.withConnection(port: port, path: Self.path) { ws in
                _ = try await Self.next(ws)
                let start = ContinuousClock.now
                var closed = false
                while !closed {
                    switch try? await ws.receive() {
                    case .text("2"): try await ws.send("3")
                    default: closed = true
                    }
                }
                #expect(ContinuousClock.now - start >= .milliseconds(900))
            }
            try await WebSocketTestClient.withConnection(port: port, path: Self.path) { ws in
                _ = try await Self.next(ws)
                try await ws.send(#"42["subscribe"]"#)
                #expect(await Self.isClosed(ws))
            }
        }
    }

    @Test("subscribe is acked with /api/ws's subscribed reply, then replayed and live events come as 42[type, envelope]")
    func subscribeAndEvents() async throws {
        let api = Self.api()
        let token = try await api.createToken("alice", role: .viewer)
        let first = try await api.addJob()
        try await api.addJob()
        try await api.testLive { _, port in
            try await WebSocketTestClient.withConnection(port: port, path: Self.path) { ws in
                try await Self.connected(ws, token: token)
                try await ws.send(#"420["subscribe",{"jobIds":"all","lastEventId":1}]"#)
                let ack = try await Self.next(ws)
                #expect(ack.hasPrefix("430["))
                let reply = try #require(try JSONSerialization.jsonObject(with: Data(ack.dropFirst(3).utf8)) as? [[String: Any]]).first
                #expect(reply?["type"] as? String == "subscribed" && reply?["jobIds"] as? String == "all" && reply?["lastEventId"] as? Int == 1)
                var ids: [Int] = []
                for _ in 0..<3 {
                    let event = try Self.event(try await Self.next(ws))
                    ids.append(try #require(event.envelope["id"] as? Int))
                }
                #expect(ids == [2, 3, 4])

                try await api.service.apply(.pause, to: first.id)
                let live = try Self.event(try await Self.next(ws))
                #expect(live.name == "state_change" && live.envelope["type"] as? String == "state_change")
                #expect(live.envelope["jobId"] as? String == first.id.rawValue && live.envelope["id"] as? Int == 5)

                try await ws.send(#"4212345678["unsubscribe",["\#(first.id)"]]"#)
                let unsubscribed = try await Self.next(ws)
                #expect(unsubscribed.hasPrefix(#"4312345678[{"jobIds":"all","type":"unsubscribed"}]"#))
                try await ws.send(#"427["dance",1,"2",{"3":[true]}]"#)
                #expect(try await Self.next(ws).hasPrefix(#"437[{"code":"invalid_input""#))
                try await ws.send(#"428["subscribe",{"jobIds":["../etc"]}]"#)
                #expect(try await Self.next(ws).hasPrefix(#"438[{"code":"invalid_input""#))
                // A binary event: the header, then its attachment.
                try await ws.send(#"451-9["subscribe",{"_placeholder":true,"num":0}]"#)
                try await ws.sendBinary([1, 2, 3])
                #expect(try await Self.next(ws).hasPrefix(#"439[{"jobIds":"all","#))
            }
        }
    }

    static func event(_ text: String) throws -> (name: String, envelope: [String: Any]) {
        #expect(text.hasPrefix("42["))
        let array = try #require(try JSONSerialization.jsonObject(with: Data(text.dropFirst(2).utf8)) as? [Any])
        return (try #require(array.first as? String), try #require(array.last as? [String: Any]))
    }

    @Test("polling: handshake, CONNECT by POST, events by long-poll GET, then the upgrade (2probe, 3probe, noop, 5) and the flush")
    func pollingAndUpgrade() async throws {
        // Default pings (25 s): this client does not answer them.
        let api = TestAPI()
        let token = try await api.createToken("alice", role: .viewer)
        let job = try await api.addJob()
        try await api.testLive { _, port in
            let handshake = try await RawHTTP.send(port: port, "GET", "/socket.io/?EIO=4&transport=polling&t=1")
            #expect(handshake.status == 200 && handshake.body.hasPrefix("0"))
            let open = try Self.json(handshake.body.dropFirst())
            #expect((open["upgrades"] as? [String]) == ["websocket"])
            let sid = try #require(open["sid"] as? String)
            let base = "/socket.io/?EIO=4&transport=polling&sid=\(sid)"

            let posted = try await RawHTTP.send(port: port, "POST", base, body: "40{\"token\":\"\(token)\"}\u{1e}421[\"subscribe\",{\"lastEventId\":0}]")
            #expect(posted.status == 200 && posted.body == "ok")
            var received: [String] = []
            while !received.contains(where: { $0.hasPrefix("42[\"job_added\"") }) {
                let poll = try await RawHTTP.send(port: port, "GET", base)
                #expect(poll.status == 200)
                received += poll.body.split(separator: "\u{1e}").map(String.init)
            }
            #expect(received.first?.hasPrefix(#"40{"sid":"#) == true)
            #expect(received.dropFirst().first?.hasPrefix(#"431[{"jobIds":"all","lastEventId":0"#) == true)

            // A long poll waits; the upgrade's probe answers it with a noop.
            let waiting = Task { try await RawHTTP.send(port: port, "GET", base) }
            try await Task.sleep(for: .milliseconds(100))
            try await WebSocketTestClient.withConnection(port: port, path: "/socket.io/?EIO=4&transport=websocket&sid=\(sid)") { ws in
                try await ws.send("2probe")
                #expect(try await ws.receive() == .text("3probe"))
                let noop = try await waiting.value
                #expect(noop.body == "6")
                try await api.service.apply(.pause, to: job.id)
                try await Task.sleep(for: .milliseconds(100))
                try await ws.send("5")
                // The event queued during the upgrade comes first, on the WebSocket.
                #expect(try Self.event(try await Self.next(ws)).name == "state_change")
                let late = try await RawHTTP.send(port: port, "GET", base)
                #expect(late.status == 400)
            }
        }
    }
}
