import Logging
import NIOCore

/// Bytes to write and how their replies come back.
struct RedisRequest: Sendable {
    /// Where replies go.
    enum Reply: Sendable {
        /// One reply.
        case single(EventLoopPromise<RESPValue>)
        /// `count` consecutive replies (a pipeline).
        case batch(count: Int, EventLoopPromise<[RESPValue]>)
        /// `count` pub/sub confirmations of `kind` (`subscribe`, `unsubscribe`, …), or one error reply.
        case confirmations(kind: String, count: Int, EventLoopPromise<Void>)

        var expectation: RedisReplyQueue<Reply>.Expectation {
            switch self {
            case .single: .single
            case .batch(let count, _): .batch(count: count)
            case .confirmations(let kind, let count, _): .confirmations(kind: kind, count: count)
            }
        }

        func fail(_ error: RedisError) {
            switch self {
            case .single(let promise): promise.fail(error)
            case .batch(_, let promise): promise.fail(error)
            case .confirmations(_, _, let promise): promise.fail(error)
            }
        }
    }

    var bytes: ByteBuffer
    var reply: Reply
    var commandName: String
    var timeout: TimeAmount?
}

/// Writes requests and completes their promises as ``RedisReplyQueue`` decides: replies in FIFO
/// order, pushes to `onPush`, deadlines through one timer, and everything pending failed when the
/// connection ends or the peer breaks the protocol.
final class RedisChannelHandler: ChannelDuplexHandler {
    typealias InboundIn = RESPValue
    typealias OutboundIn = RedisRequest
    typealias OutboundOut = ByteBuffer

    private var queue = RedisReplyQueue<RedisRequest.Reply>()
    private var failure: RedisError?
    private var timer: Scheduled<Void>?
    private let onPush: (@Sendable (RESPValue) -> Void)?
    private let logger: Logger

    /// RESP2 subscribers receive messages as plain arrays; set after the handshake.
    var resp2PubSub: Bool {
        get { queue.resp2PubSub }
        set { queue.resp2PubSub = newValue }
    }

    init(onPush: (@Sendable (RESPValue) -> Void)?, logger: Logger) {
        self.onPush = onPush
        self.logger = logger
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        if let failure {
            request.reply.fail(failure)
            promise?.fail(failure)
            return
        }
        let (immediate, deadline) = queue.enqueue(
            request.reply, expecting: request.reply.expectation, commandName: request.commandName, timeout: request.timeout, now: .now()
        )
        if let immediate { complete(immediate) }
        if let deadline { armTimer(for: deadline, context: context) }
        context.write(wrapOutboundOut(request.bytes), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let value = unwrapInboundIn(data)
        switch queue.receive(value) {
        case .complete(let completion):
            if let completion { complete(completion) }
        case .push(let items, let completion):
            if let completion { complete(completion) }
            onPush?(.push(items))
        case .unexpected:
            logger.warning("Redis sent a reply nobody asked for", metadata: ["redis.reply": "\("\(value)".prefix(200))"])
            fail(context: context, with: .protocolViolation("a reply arrived with no request waiting"))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(with: failure ?? .connectionClosed)
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        failAll(with: failure ?? .connectionClosed)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let error = error as? RedisError {
            fail(context: context, with: error)
        } else {
            logger.debug("Redis connection error", metadata: ["error": "\(error)"])
            fail(context: context, with: .connectionClosed)
        }
    }

    private func complete(_ completion: RedisReplyQueue<RedisRequest.Reply>.Completion) {
        switch completion {
        case .reply(.single(let promise), let value): promise.succeed(value)
        case .batch(.batch(_, let promise), let values): promise.succeed(values)
        case .confirmed(.confirmations(_, _, let promise)): promise.succeed(())
        case .failed(let reply, let error): reply.fail(error)
        case .reply(let reply, _), .batch(let reply, _), .confirmed(let reply):
            reply.fail(.protocolViolation("a reply of the wrong shape for \(reply)"))
        }
    }

    private func fail(context: ChannelHandlerContext, with error: RedisError) {
        failAll(with: error)
        context.close(promise: nil)
    }

    private func failAll(with error: RedisError) {
        if failure == nil { failure = error }
        timer?.cancel()
        timer = nil
        for completion in queue.failAll(error) { complete(completion) }
    }

    /// One timer, for the earliest deadline; when it fires, expired requests fail.
    private func armTimer(for deadline: NIODeadline, context: ChannelHandlerContext) {
        timer?.cancel()
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            timer = nil
            let (expired, next) = queue.expire(now: .now())
            for completion in expired { complete(completion) }
            if let next { armTimer(for: next, context: context) }
        }
    }
}
