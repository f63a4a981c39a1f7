import NIOCore

/// Closes a connection whose first request head is not complete within a time limit: a client
/// that opens a connection and sends nothing, or a header byte a second ("slowloris"), is dropped.
///
/// It sits right after the TLS handler (or first), reads raw bytes, and looks for the blank line
/// that ends a request head. Once the head is complete it removes itself, so a long-lived
/// connection (WebSocket, SSE, Socket.IO) is never cut by it. Later requests on a kept-alive
/// connection are bounded by Hummingbird's idle timeout, which a partial head does not reset.
final class RequestHeadTimeoutHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let timeout: TimeAmount
    private var timer: Scheduled<Void>?
    /// The last bytes read, so a `\r\n\r\n` split over two reads is found.
    private var tail: [UInt8] = []
    private var done = false

    /// Creates the handler.
    /// - Parameter timeout: How long the first request head may take, from the connection's start.
    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !done else { return context.fireChannelRead(data) }
        let buffer = unwrapInboundIn(data)
        let complete = Self.endsHead(buffer.readableBytesView, tail: &tail)
        context.fireChannelRead(data)
        if complete {
            done = true
            timer?.cancel()
            timer = nil
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        }
    }

    private func start(_ context: ChannelHandlerContext) {
        guard timer == nil, !done else { return }
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: timeout) {
            loopBound.value.close(promise: nil)
        }
    }

    /// Whether `bytes` (after the `tail` of earlier reads) hold the blank line ending a request
    /// head (`\r\n\r\n`, or `\n\n`); updates `tail`.
    static func endsHead(_ bytes: ByteBufferView, tail: inout [UInt8]) -> Bool {
        for byte in bytes {
            tail.append(byte)
            if tail.count > 4 { tail.removeFirst(tail.count - 4) }
            if tail.suffix(4) == [13, 10, 13, 10] || tail.suffix(2) == [10, 10] { return true }
        }
        return false
    }
}
