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
    }

    var bytes: ByteBuffer
    var reply: Reply
    var commandName: String
    var timeout: TimeAmount?
}

/// Matches replies to requests in FIFO order (the server answers in order), routes push frames,
/// enforces per-request deadlines, and fails everything pending when the connection ends.
///
/// A request that times out stays in the queue as a tombstone, so its late reply is dropped and the
/// replies that follow still meet their own requests.
final class RedisChannelHandler: ChannelDuplexHandler {
    typealias InboundIn = RESPValue
    typealias OutboundIn = RedisRequest
    typealias OutboundOut = ByteBuffer

    private struct Pending {
        var reply: RedisRequest.Reply
        var commandName: String
        var deadline: NIODeadline?
        var timeoutSeconds: Double
        var remaining: Int
        var results: [RESPValue] = []
        var timedOut = false
    }

    private var pending = CircularBuffer<Pending>(initialCapacity: 64)
    private var failure: RedisError?
    private var timer: Scheduled<Void>?
    private var timerDeadline: NIODeadline?
    /// RESP2 subscribers get pub/sub messages as plain arrays; this flag makes them pushes.
    var resp2PubSub = false
    private let onPush: (@Sendable (RESPValue) -> Void)?
    private let logger: Logger

    init(onPush: (@Sendable (RESPValue) -> Void)?, logger: Logger) {
        self.onPush = onPush
        self.logger = logger
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        if let failure {
            Self.fail(request.reply, with: failure)
            promise?.fail(failure)
            return
        }
        let count = switch request.reply {
        case .single: 1
        case .batch(let count, _): count
        case .confirmations(_, let count, _): count
        }
        if count == 0 {
            if case .batch(_, let batchPromise) = request.reply { batchPromise.succeed([]) }
            if case .confirmations(_, _, let confirmed) = request.reply { confirmed.succeed(()) }
        } else {
            let deadline = request.timeout.map { NIODeadline.now() + $0 }
            let seconds = Double(request.timeout?.nanoseconds ?? 0) / 1e9
            pending.append(Pending(reply: request.reply, commandName: request.commandName, deadline: deadline, timeoutSeconds: seconds, remaining: count))
            if let deadline { armTimer(for: deadline, context: context) }
        }
        context.write(wrapOutboundOut(request.bytes), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let value = unwrapInboundIn(data)
        if case .push(let items) = value {
            handlePush(items)
            return
        }
        if resp2PubSub, case .array(let items?) = value, let kind = items.first?.string?.lowercased(), Self.pubSubKinds.contains(kind) {
            handlePush(items)
            return
        }
        guard var head = pending.first else {
            logger.warning("Redis sent a reply nobody asked for", metadata: ["redis.reply": "\(value)"])
            fail(context: context, with: .protocolViolation("a reply arrived with no request waiting"))
            return
        }
        switch head.reply {
        case .single(let promise):
            pending.removeFirst()
            if !head.timedOut { promise.succeed(value) }
        case .batch(_, let promise):
            head.remaining -= 1
            if head.timedOut {
                if head.remaining == 0 { pending.removeFirst() } else { pending[pending.startIndex] = head }
                return
            }
            head.results.append(value)
            if head.remaining == 0 {
                pending.removeFirst()
                promise.succeed(head.results)
            } else {
                pending[pending.startIndex] = head
            }
        case .confirmations(_, _, let promise):
            // Confirmations arrive as pushes; an in-order reply here is the command's error.
            pending.removeFirst()
            if !head.timedOut {
                promise.fail(value.errorMessage.map { RedisError(serverReply: $0) }
                    ?? .unexpectedReply(command: head.commandName, reply: "\(value)"))
            }
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
        let redisError: RedisError
        if let error = error as? RedisError {
            redisError = error
        } else {
            logger.debug("Redis connection error", metadata: ["error": "\(error)"])
            redisError = .connectionClosed
        }
        fail(context: context, with: redisError)
    }

    private static let pubSubKinds: Set<String> = ["message", "pmessage", "subscribe", "psubscribe", "unsubscribe", "punsubscribe"]

    private func handlePush(_ items: [RESPValue]) {
        let kind = items.first?.string?.lowercased() ?? ""
        if var head = pending.first, case .confirmations(let expected, _, let promise) = head.reply, expected == kind {
            head.remaining -= 1
            if head.remaining == 0 {
                pending.removeFirst()
                if !head.timedOut { promise.succeed(()) }
            } else {
                pending[pending.startIndex] = head
            }
        }
        onPush?(.push(items))
    }

    private func fail(context: ChannelHandlerContext, with error: RedisError) {
        if failure == nil { failure = error }
        failAll(with: error)
        context.close(promise: nil)
    }

    private func failAll(with error: RedisError) {
        if failure == nil { failure = error }
        timer?.cancel()
        timer = nil
        let entries = pending
        pending.removeAll()
        for entry in entries where !entry.timedOut {
            Self.fail(entry.reply, with: error)
        }
    }

    private static func fail(_ reply: RedisRequest.Reply, with error: RedisError) {
        switch reply {
        case .single(let promise): promise.fail(error)
        case .batch(_, let promise): promise.fail(error)
        case .confirmations(_, _, let promise): promise.fail(error)
        }
    }

    // MARK: Deadlines

    /// One timer, set for the earliest deadline; when it fires, expired requests fail.
    private func armTimer(for deadline: NIODeadline, context: ChannelHandlerContext) {
        if let current = timerDeadline, current <= deadline { return }
        timer?.cancel()
        timerDeadline = deadline
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            self.expire(context: context)
        }
    }

    private func expire(context: ChannelHandlerContext) {
        timer = nil
        timerDeadline = nil
        let now = NIODeadline.now()
        var next: NIODeadline?
        for index in pending.indices where !pending[index].timedOut {
            guard let deadline = pending[index].deadline else { continue }
            if deadline <= now {
                pending[index].timedOut = true
                Self.fail(pending[index].reply, with: .timeout(command: pending[index].commandName, seconds: pending[index].timeoutSeconds))
            } else {
                next = min(next ?? deadline, deadline)
            }
        }
        if let next { armTimer(for: next, context: context) }
    }
}
