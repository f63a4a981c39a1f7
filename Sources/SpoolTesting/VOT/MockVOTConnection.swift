import NIOCore
import NIOHTTP1

/// Reads requests from a ``MockVOTServer`` connection and writes the service's answers.
struct MockVOTConnection: Sendable {
    /// The largest request body read.
    static let maxBodyBytes = 64 * 1024 * 1024

    let service: MockVOTService

    typealias Channel = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

    /// Serves requests on `channel` until the client closes it.
    func serve(_ channel: Channel) async {
        try? await channel.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            var body = ByteBuffer()
            for try await part in inbound {
                switch part {
                case .head(let requestHead):
                    head = requestHead
                    body.clear()
                case .body(var chunk):
                    guard body.readableBytes + chunk.readableBytes <= Self.maxBodyBytes else { return }
                    body.writeBuffer(&chunk)
                case .end:
                    guard let request = head else { continue }
                    head = nil
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
                    if !request.isKeepAlive { return }
                }
            }
        }
    }

    private static func split(_ uri: String) -> (String, String?) {
        let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        return (String(parts[0]), parts.count > 1 ? String(parts[1]) : nil)
    }
}
