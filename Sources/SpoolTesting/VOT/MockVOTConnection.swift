import NIOCore
import NIOHTTP1

/// Answers a ``MockVOTServer`` connection's requests with the service's replies.
struct MockVOTConnection: LoopbackHTTPResponder {
    let service: MockVOTService

    /// Answers one request (body read whole, at most ``LoopbackHTTPResponder/maxBodyBytes``).
    func respond(to request: HTTPRequestHead, body: ByteBuffer, _ outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>) async throws {
        let (path, query) = Self.split(request.uri)
        let incoming = MockVOTService.Incoming(
            method: request.method.rawValue, path: path, query: query,
            headers: request.headers.map { ($0.name, $0.value) }, body: Array(body.readableBytesView)
        )
        let reply = service.respond(incoming)
        if let delay = reply.delay { try await Task.sleep(for: delay) }
        var headers = HTTPHeaders(reply.headers)
        headers.add(name: "Content-Length", value: String(reply.body.count))
        headers.add(name: "Connection", value: request.isKeepAlive ? "keep-alive" : "close")
        let status = HTTPResponseStatus(statusCode: reply.status)
        try await outbound.write(.head(HTTPResponseHead(version: request.version, status: status, headers: headers)))
        if request.method != .HEAD, !reply.body.isEmpty {
            try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: reply.body))))
        }
        try await outbound.write(.end(nil))
    }

    private static func split(_ uri: String) -> (String, String?) {
        let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        return (String(parts[0]), parts.count > 1 ? String(parts[1]) : nil)
    }
}
