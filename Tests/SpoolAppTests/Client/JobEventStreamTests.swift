import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import SpoolApp
import SpoolCore
import Synchronization
import Testing

/// The `Last-Event-ID` header of each request, in order.
private final class RequestLog: Sendable {
    private let entries = Mutex<[String?]>([])

    func append(_ value: String?) -> Int { entries.withLock { $0.append(value); return $0.count } }

    var all: [String?] { entries.withLock { $0 } }
}

/// A loopback SSE server: connection n answers with `script(n, lastEventID)` and then closes.
private final class ScriptedEventServer: Sendable {
    let requests = RequestLog()
    private let channel: any Channel
    /// The server's base URL.
    let url: String

    init(script: @escaping @Sendable (_ connection: Int, _ lastEventID: String?) -> String) async throws {
        let requests = self.requests
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(Handler(requests: requests, script: script))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        url = "http://127.0.0.1:\(channel.localAddress?.port ?? 0)"
    }

    func close() async throws { try await channel.close() }

    private final class Handler: ChannelInboundHandler, @unchecked Sendable {
        // Used on its channel's event loop only.
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let requests: RequestLog
        let script: @Sendable (Int, String?) -> String

        init(requests: RequestLog, script: @escaping @Sendable (Int, String?) -> String) {
            self.requests = requests
            self.script = script
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard case .head(let head) = unwrapInboundIn(data) else { return }
            let last = head.headers.first(name: "Last-Event-ID")
            let number = requests.append(last)
            let body = script(number, last)
            var headers = HTTPHeaders([("Content-Type", "text/event-stream"), ("Content-Length", String(body.utf8.count))])
            headers.add(name: "Connection", value: "close")
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .ok, headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: body)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            context.close(promise: nil)
        }
    }
}

private func frame(_ id: Int64, _ job: String, _ type: EventType, durable: Bool = true, payload: String = "{}") -> String {
    let envelope = #"{"id":\#(id),"jobId":"\#(job)","type":"\#(type.rawValue)","timestamp":"2026-11-22T10:00:00.000Z","payload":\#(payload)}"#
    return (durable ? "id: \(id)\n" : "") + "event: \(type.rawValue)\ndata: \(envelope)\n\n"
}

@Suite("Job event stream")
struct JobEventStreamTests {
    @Test("reconnects after a drop and resumes after the last durable id, skipping unknown types")
    func reconnects() async throws {
        let job = "3f2a9c1e-5b7d-4c1e-9a2b-0123456789ab"
        let server = try await ScriptedEventServer { connection, _ in
            switch connection {
            case 1: "retry: 10\n" + frame(4, job, .stateChange) + frame(4, job, .progress, durable: false)
                + "id: 5\nevent: future\ndata: {\"type\":\"future\"}\n\n"
            default: frame(6, job, .log)
            }
        }
        let events = try await SpoolClient.withClient(server: server.url, token: "t") { client in
            var iterator = client.events(jobIDs: [job], after: 2, reconnect: .init(initialDelay: .milliseconds(10))).makeAsyncIterator()
            var seen: [JobEvent] = []
            while seen.count < 3, let event = try await iterator.next() { seen.append(event) }
            return seen
        }
        try await server.close()
        #expect(events.map(\.type) == [.stateChange, .progress, .log])
        #expect(events.map(\.id) == [4, 4, 6])
        #expect(server.requests.all == ["2", "5"])
    }

    @Test("a server that cannot be reached fails at once instead of reconnecting")
    func unreachable() async throws {
        let server = try await ScriptedEventServer { _, _ in "" }
        try await server.close()
        await #expect(throws: ClientError.self) {
            try await SpoolClient.withClient(server: server.url, token: nil) { client in
                var iterator = client.events().makeAsyncIterator()
                _ = try await iterator.next()
            }
        }
    }

    @Test("reports a reconnection without a resume point so the caller can re-read state")
    func reconnectWithoutResumePoint() async throws {
        let server = try await ScriptedEventServer { connection, _ in
            connection == 1 ? ": hello\n\n" : frame(1, "3f2a9c1e-5b7d-4c1e-9a2b-0123456789ab", .log)
        }
        let first = try await SpoolClient.withClient(server: server.url, token: "t") { client in
            var iterator = client.events(reconnect: .init(initialDelay: .milliseconds(10))).makeAsyncIterator()
            return try await iterator.nextItem()
        }
        try await server.close()
        guard case .reconnected(resumed: false) = first else {
            Issue.record("expected a reconnection notice, got \(String(describing: first))")
            return
        }
    }
}
