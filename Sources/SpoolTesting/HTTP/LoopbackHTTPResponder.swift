import NIOCore
import NIOHTTP1

/// What a ``LoopbackHTTPServer`` asks of its owner: an answer to each complete request.
protocol LoopbackHTTPResponder: Sendable {
    /// The largest request body read; a connection sending more is closed.
    var maxBodyBytes: Int { get }

    /// Writes the answer to one request (head, whole body) to `outbound`.
    func respond(to head: HTTPRequestHead, body: ByteBuffer, _ outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>) async throws
}

extension LoopbackHTTPResponder {
    /// 64 MiB by default.
    var maxBodyBytes: Int { 64 * 1024 * 1024 }
}
