import Hummingbird
import NIOCore
import Synchronization

/// Where a route says that its answer may be replayed (see ``ResponseReplay``): set on every
/// `GET`'s context by ``ResponseReplayMiddleware``, read back by it when the response returns.
///
/// A route offers only an answer that depends on nothing but the request's path and query, the
/// caller's identity and the event bus's `version`, and that does not vary with the fields
/// ``ReplayKey`` ignores.
final class ReplayOffer: Sendable {
    /// An offered answer: its body, the bus version it was made at, and for whom.
    struct Offer: Sendable {
        let body: ByteBuffer
        let version: UInt64
        let identity: AuthenticatedUser
    }

    private let offer = Mutex<Offer?>(nil)

    /// Creates an empty offer slot.
    init() {}

    /// Offers `body`, made at `version` for `identity`.
    func offer(body: ByteBuffer, version: UInt64, identity: AuthenticatedUser) {
        offer.withLock { $0 = Offer(body: body, version: version, identity: identity) }
    }

    /// What was offered, if anything.
    var offered: Offer? { offer.withLock { $0 } }
}

/// Records the answers routes offer, as the middlewares leave them, in ``ResponseReplay``. Added
/// just inside ``RequestIDMiddleware``, so that the recorded head has every field the other
/// middlewares add but the request id (a replay makes its own).
struct ResponseReplayMiddleware: RouterMiddleware {
    let replay: ResponseReplay

    func handle(_ request: Request, context: SpoolRequestContext, next: (Request, SpoolRequestContext) async throws -> Response) async throws -> Response {
        guard request.method == .get else { return try await next(request, context) }
        let box = ReplayOffer()
        var context = context
        context.replayOffer = box
        let response = try await next(request, context)
        guard let offered = box.offered, response.status == .ok, response.body.contentLength == offered.body.readableBytes,
              let token = AuthMiddleware<SpoolRequestContext>.token(in: request), let key = ReplayKey(request.head)
        else { return response }
        replay.record(key, ResponseReplay.Entry(
            fields: response.headers, status: response.status, body: offered.body, version: offered.version,
            token: token, identity: offered.identity, route: HTTPMetricsMiddleware<SpoolRequestContext>.routeLabel(context.endpointPath)
        ))
        return response
    }
}
