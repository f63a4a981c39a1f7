import Foundation
import Logging
import NIOCore
import SpoolAPIModels
import SpoolCore
import Synchronization

/// The Socket.IO v5 side of one Engine.IO session: the namespace `/`, authentication by token in
/// the CONNECT packet, the client events `subscribe`/`unsubscribe` with acks, and the server events.
///
/// CONNECT must carry `{"token": "<Spool token>"}` (a login session or an API token, checked by the
/// same ``AuthService`` as `/api/ws`); a missing or refused token is answered with CONNECT_ERROR
/// (`44{"message": …}`) and the session stays open for another try until the connect timeout. Other
/// namespaces get `Invalid namespace`. `subscribe` takes `/api/ws`'s arguments (see
/// ``SocketIOSubscribeRequest``) and is acked with its `subscribed` reply once the stream's cursor is
/// known, before any replayed event; job events are emitted as `42["<type>",<envelope>]`, the
/// envelope being `/api/ws`'s. A packet that breaks the protocol closes the session.
final class SocketIOConnection: Sendable {
    private struct State {
        var socketID: String?
        var pendingBinary: (packet: SocketIOPacket, remaining: Int)?
    }

    private let auth: AuthService
    private let subscription: LiveSubscription<UInt64>
    /// Where the owners of jobs are read (see ``JobVisibilityFilter``).
    private let jobs: any JobStore
    private let onActivity: @Sendable () -> Void
    private let logger: Logger
    private let state = Mutex(State())

    /// Creates the Socket.IO side of a session.
    init(follower: EventFollower, auth: AuthService, onActivity: @escaping @Sendable () -> Void, logger: Logger) {
        self.auth = auth
        self.subscription = LiveSubscription(follower: follower)
        self.jobs = follower.store
        self.onActivity = onActivity
        self.logger = logger
    }

    /// Whether the namespace `/` is connected.
    var isConnected: Bool { state.withLock { $0.socketID != nil } }

    /// Handles the text of an Engine.IO message (after its `4`).
    func receive(_ text: Substring, on session: EngineIOSession) async {
        let packet: SocketIOPacket
        do throws(SocketIOPacket.Malformed) {
            guard state.withLock({ $0.pendingBinary == nil }) else { throw SocketIOPacket.Malformed(reason: "text while binary attachments were due") }
            packet = try SocketIOPacket(parsing: text)
        } catch {
            await session.close(reason: "parse error: \(error.reason)")
            return
        }
        if packet.attachments > 0 {
            state.withLock { $0.pendingBinary = (packet, packet.attachments) }
            return
        }
        await handle(packet, on: session)
    }

    /// Handles a binary Engine.IO message: an attachment of the packet before it. The attachments'
    /// bytes are not used: no client event of Spool takes binary arguments.
    func receive(binary: ByteBuffer, on session: EngineIOSession) async {
        let complete: SocketIOPacket?? = state.withLock { state in
            guard let pending = state.pendingBinary else { return .none }
            if pending.remaining > 1 {
                state.pendingBinary = (pending.packet, pending.remaining - 1)
                return .some(nil)
            }
            state.pendingBinary = nil
            return .some(pending.packet)
        }
        switch complete {
        case .none: await session.close(reason: "parse error: unexpected binary message")
        case .some(nil): break
        case .some(let packet?): await handle(packet, on: session)
        }
    }

    private func handle(_ packet: SocketIOPacket, on session: EngineIOSession) async {
        if packet.namespace != "/" {
            guard packet.kind == .connect else {
                await session.close(reason: "packet for a namespace that is not connected")
                return
            }
            await send(["44\(SocketIOPacket.namespacePrefix(packet.namespace))" + #"{"message":"Invalid namespace"}"#], on: session)
            return
        }
        switch packet.kind {
        case .connect:
            await connect(packet, on: session)
        case .connectError:
            await session.close(reason: "CONNECT_ERROR from a client")
        case .disconnect, .event, .binaryEvent, .ack, .binaryAck:
            guard isConnected else {
                await session.close(reason: "packet before CONNECT")
                return
            }
            if packet.kind == .disconnect {
                state.withLock { $0.socketID = nil }
                subscription.clear()
            } else if let (name, arguments) = packet.event {
                await dispatch(name, arguments: arguments, ackID: packet.ackID, on: session)
            }
            // Acks from the client answer nothing: the server never asks for one.
        }
    }

    private func connect(_ packet: SocketIOPacket, on session: EngineIOSession) async {
        guard !isConnected else {
            await session.close(reason: "CONNECT on a connected namespace")
            return
        }
        guard case .string(let token)? = packet.auth["token"], !token.isEmpty else {
            await refuse("authentication required: connect with auth {\"token\": \"<Spool token>\"}", on: session)
            return
        }
        let identity: AuthenticatedUser?
        do {
            identity = try await auth.authenticate(token)
        } catch {
            logger.warning("Socket.IO authentication failed", metadata: ["error.message": "\(error)"])
            await refuse("authentication is unavailable, try again", on: session)
            return
        }
        guard identity != nil else {
            await refuse("invalid or expired token", on: session)
            return
        }
        subscription.restrict(to: JobVisibilityFilter.of(identity, store: jobs))
        let socketID = EngineIOSession.makeID()
        state.withLock { $0.socketID = socketID }
        onActivity()
        await send(["40{\"sid\":\"\(socketID)\"}"], on: session)
    }

    private func refuse(_ message: String, on session: EngineIOSession) async {
        let body = try? JSONEncoder().encode(["message": message])
        await send(["44" + String(decoding: body ?? Data(), as: UTF8.self)], on: session)
    }

    private func dispatch(_ name: String, arguments: [JSONValue], ackID: UInt64?, on session: EngineIOSession) async {
        do {
            switch name {
            case "subscribe":
                let request = try SocketIOSubscribeRequest(arguments)
                // The ack goes out when the stream starts (see pump(_:)).
                try subscription.subscribe(request.selection, lastEventId: request.lastEventId, reply: ackID)
            case "unsubscribe":
                let selection = subscription.unsubscribe(try SocketIOSubscribeRequest.unsubscribedIDs(arguments))
                if let ackID { await send([Self.ack(ackID, .unsubscribed(selection))], on: session) }
            default:
                throw SpoolError(.invalidInput, "unknown event '\(name.prefix(40))': send subscribe or unsubscribe")
            }
        } catch {
            let failure = error as? SpoolError ?? SpoolError(.invalidInput, "the event's arguments are not valid")
            if let ackID { await send([Self.ack(ackID, .error(code: failure.code.rawValue, message: failure.message))], on: session) }
        }
    }

    /// Emits job events until the subscription ends; closes the session when the client fell too
    /// far behind (it reconnects and resubscribes with `lastEventId`) or the event stream ended.
    func pump(_ session: EngineIOSession) async {
        do {
            let end = try await subscription.run { selection, cursor, acks in
                guard !acks.isEmpty else { return }
                try await session.send(acks.map { ByteBuffer(string: Self.ack($0, .subscribed(selection, lastEventId: cursor))) })
            } deliver: { events in
                try await session.send(events.map(\.socketIOPacket), waitUntilTaken: true)
            }
            switch end {
            case .stopped: return
            case .overflowed: await session.close(reason: "too slow: resubscribe with lastEventId to resume")
            case .ended: await session.close(reason: "event stream ended")
            }
        } catch {
            if !(error is CancellationError) {
                logger.debug("Socket.IO event stream ended", metadata: ["error.message": "\(error)"])
            }
            await session.close(reason: "transport error")
        }
    }

    /// Ends the pump for good.
    func stop() {
        subscription.stop()
    }

    private func send(_ packets: [String], on session: EngineIOSession) async {
        try? await session.send(packets.map { ByteBuffer(string: $0) })
    }

    /// `43<id>[<message>]`: an ack whose one argument is `/api/ws`'s reply.
    private static func ack(_ id: UInt64, _ message: WebSocketServerMessage) -> String {
        let body = (try? SpoolJSON.makeEncoder().encode(message)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return "43\(id)[\(body)]"
    }
}
