import NIOCore
import NIOPosix

/// One HTTP/1.1 request over its own loopback connection (`Connection: close`), for the Engine.IO
/// polling tests: each long-poll GET then holds only its own connection.
enum RawHTTP {
    /// Status code and body of a response.
    struct Response: Sendable {
        let status: Int
        let body: String
    }

    /// Sends `method path` with `body` to `127.0.0.1:port` and reads the response until the server closes.
    static func send(port: Int, _ method: String, _ path: String, body: String? = nil) async throws -> Response {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
        return try await channel.executeThenClose { inbound, outbound in
            let bytes = Array((body ?? "").utf8)
            try await outbound.write(ByteBuffer(string: "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                + "Content-Type: text/plain;charset=UTF-8\r\nContent-Length: \(bytes.count)\r\n\r\n" + (body ?? "")))
            var received = ByteBuffer()
            for try await var chunk in inbound { received.writeBuffer(&chunk) }
            let text = String(buffer: received)
            guard let split = text.range(of: "\r\n\r\n") else { return Response(status: 0, body: text) }
            let status = Int(text.split(separator: " ").dropFirst().first ?? "") ?? 0
            return Response(status: status, body: String(text[split.upperBound...]))
        }
    }
}
