import NIOCore
import NIOWebSocket

extension Channel {
    /// Writes `messages` as WebSocket text messages on an upgraded channel, with one flush.
    ///
    /// While the channel is writable (less than its high watermark, 64 KiB, waits to be sent) the
    /// call returns at once; otherwise it returns once the socket took these messages, which is
    /// the connection's backpressure. The frames enter the pipeline at its tail, so they pass the
    /// WebSocket frame encoder like Hummingbird's own writes (Spool enables no WebSocket extension,
    /// so there is nothing else to apply), in the order of the calls. A message longer than
    /// `maxFrameSize` is split into continuation frames. If the socket has not taken a waited-for
    /// write after `timeout`, the channel is closed and the write fails.
    func writeTextMessages(_ messages: [ByteBuffer], maxFrameSize: Int, timeout: TimeAmount) async throws {
        guard isActive else { throw ChannelError.ioOnClosedChannel }
        guard !isWritable else {
            eventLoop.execute { [self] in
                write(messages, maxFrameSize: maxFrameSize, promise: nil)
            }
            return
        }
        let promise = eventLoop.makePromise(of: Void.self)
        eventLoop.execute { [self] in
            write(messages, maxFrameSize: maxFrameSize, promise: promise)
            // Most writes are taken at once (the callback then runs right here); only one that
            // waits for the client gets a deadline.
            let taken = NIOLoopBoundBox(false, eventLoop: eventLoop)
            promise.futureResult.whenComplete { _ in taken.value = true }
            guard !taken.value else { return }
            let deadline = eventLoop.scheduleTask(in: timeout) { [self] in close(promise: nil) }
            promise.futureResult.whenComplete { _ in deadline.cancel() }
        }
        try await promise.futureResult.get()
    }

    /// Writes the frames of `messages` and flushes; `promise` completes with the last one.
    private func write(_ messages: [ByteBuffer], maxFrameSize: Int, promise: EventLoopPromise<Void>?) {
        for (index, message) in messages.enumerated() {
            let last = index == messages.count - 1
            Self.frames(of: message, maxFrameSize: maxFrameSize) { frame, isLastFrame in
                write(frame, promise: last && isLastFrame ? promise : nil)
            }
        }
        flush()
    }

    private static func frames(of message: ByteBuffer, maxFrameSize: Int, _ body: (WebSocketFrame, Bool) -> Void) {
        guard message.readableBytes > maxFrameSize else {
            body(WebSocketFrame(fin: true, opcode: .text, data: message), true)
            return
        }
        var rest = message
        var opcode = WebSocketOpcode.text
        while rest.readableBytes > maxFrameSize {
            body(WebSocketFrame(fin: false, opcode: opcode, data: rest.readSlice(length: maxFrameSize)!), false)
            opcode = .continuation
        }
        body(WebSocketFrame(fin: true, opcode: .continuation, data: rest), true)
    }
}
