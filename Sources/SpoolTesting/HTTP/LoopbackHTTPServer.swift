import NIOCore
import NIOHTTP1
import NIOPosix

/// An HTTP/1.1 server for tests on 127.0.0.1 and an ephemeral port: it accepts connections,
/// collects each request's head and body, hands them to a ``LoopbackHTTPResponder`` and keeps the
/// connection open while the client asks for keep-alive.
final class LoopbackHTTPServer<Responder: LoopbackHTTPResponder>: Sendable {
    /// The bound port.
    let port: Int
    /// What answers the requests.
    let responder: Responder

    private let serverChannel: any Channel
    private let acceptTask: Task<Void, Never>

    private init(port: Int, responder: Responder, serverChannel: any Channel, acceptTask: Task<Void, Never>) {
        self.port = port
        self.responder = responder
        self.serverChannel = serverChannel
        self.acceptTask = acceptTask
    }

    /// Binds a free port, then starts answering with the responder `makeResponder` makes for it.
    ///
    /// - Parameter sendBufferBytes: `SO_SNDBUF` of each connection, nil for the system's default.
    static func start(sendBufferBytes: Int? = nil, _ makeResponder: (_ port: Int) throws -> Responder) async throws -> LoopbackHTTPServer {
        var bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
        if let sendBufferBytes {
            bootstrap = bootstrap.childChannelOption(.socketOption(.so_sndbuf), value: SocketOptionValue(sendBufferBytes))
        }
        let server = try await bootstrap.bind(host: "127.0.0.1", port: 0) { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: channel)
            }
        }
        guard let port = server.channel.localAddress?.port else {
            try? await server.channel.close()
            throw LoopbackHTTPServerError("the server socket has no port")
        }
        let responder: Responder
        do {
            responder = try makeResponder(port)
        } catch {
            try? await server.channel.close()
            throw error
        }
        // Test support: the accept loop lives until shutdown() closes the listening socket.
        let acceptTask = Task {
            await withDiscardingTaskGroup { group in
                try? await server.executeThenClose { connections in
                    for try await connection in connections {
                        group.addTask { await serve(connection, responder) }
                    }
                }
                group.cancelAll()
            }
        }
        return LoopbackHTTPServer(port: port, responder: responder, serverChannel: server.channel, acceptTask: acceptTask)
    }

    /// Stops accepting, ends open connections, and waits for the server to wind down.
    ///
    /// Closing the listening socket ends the accept loop only after it has handed out every
    /// connection accepted so far (NIO traps on an accepted connection that is dropped unserved);
    /// the loop then cancels the connections still open.
    func shutdown() async {
        try? await serverChannel.close()
        await acceptTask.value
    }

    /// Serves requests on `connection` until the client closes it or asks to.
    private static func serve(
        _ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, _ responder: Responder
    ) async {
        try? await connection.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            var body = ByteBuffer()
            for try await part in inbound {
                switch part {
                case .head(let requestHead):
                    head = requestHead
                    body.clear()
                case .body(var chunk):
                    guard body.readableBytes + chunk.readableBytes <= responder.maxBodyBytes else { return }
                    body.writeBuffer(&chunk)
                case .end:
                    guard let request = head else { continue }
                    head = nil
                    try await responder.respond(to: request, body: body, outbound)
                    if !request.isKeepAlive { return }
                }
            }
        }
    }
}

/// A failure starting a ``LoopbackHTTPServer``.
struct LoopbackHTTPServerError: Error, CustomStringConvertible {
    /// What went wrong.
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
