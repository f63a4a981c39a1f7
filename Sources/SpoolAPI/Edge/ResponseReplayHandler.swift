import HTTPTypes
import HummingbirdCore
import NIOCore
import NIOHTTPTypes

/// Answers a request from ``ResponseReplay`` on the connection's event loop, and passes every
/// other request on to Hummingbird.
///
/// It sits just behind Hummingbird's `HTTPConnectionStateHandler`, so that handler sees replayed
/// requests and answers as it sees the others (idle timeout, graceful shutdown). Answers keep the
/// order of requests: while a request passed on is unanswered, the next ones are passed on too.
final class ResponseReplayHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let replay: ResponseReplay
    /// The request being answered from the store: its head was read, its end not yet.
    private var answering: (entry: ResponseReplay.Entry, request: HTTPRequest, start: ContinuousClock.Instant)?
    /// Requests passed on whose response has not ended.
    private var passedOn = 0
    /// Whether a replayed answer waits for the end of the read burst to be flushed.
    private var needsFlush = false

    /// Creates the handler of one connection over the shared store.
    init(replay: ResponseReplay) {
        self.replay = replay
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            let start = ContinuousClock.now
            if passedOn == 0, let entry = replay.answer(for: head) {
                answering = (entry, head, start)
                return
            }
            passedOn += 1
            context.fireChannelRead(data)
        case .body:
            // A replayed request has no body (see ``ReplayKey``).
            if answering == nil { context.fireChannelRead(data) }
        case .end:
            guard let (entry, request, start) = answering else {
                context.fireChannelRead(data)
                return
            }
            answering = nil
            let (head, requestID) = replay.head(for: entry, request: request)
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.write(wrapOutboundOut(.body(entry.body)), promise: nil)
            context.write(wrapOutboundOut(.end(nil)), promise: nil)
            needsFlush = true
            replay.finished(entry, request: request, requestID: requestID, start: start)
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if needsFlush {
            needsFlush = false
            context.flush()
        }
        context.fireChannelReadComplete()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { passedOn = max(0, passedOn - 1) }
        context.write(data, promise: promise)
    }
}

/// Puts a ``ResponseReplayHandler`` behind `HTTPConnectionStateHandler` when the connection's first
/// request arrives (Hummingbird adds that handler after the ones it is given), then leaves the
/// pipeline. Without that handler (another Hummingbird) requests simply all take the normal path.
final class ResponseReplayInstaller: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    private let replay: ResponseReplay

    /// Creates the installer of one connection.
    init(replay: ResponseReplay) {
        self.replay = replay
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let pipeline = context.pipeline.syncOperations
        if let state = try? pipeline.handler(type: HTTPConnectionStateHandler.self) {
            try? pipeline.addHandler(ResponseReplayHandler(replay: replay), position: .after(state))
        }
        context.fireChannelRead(data)
        pipeline.removeHandler(context: context, promise: nil)
    }
}
