import Foundation
import Logging
import NIOCore
import Synchronization

/// One Engine.IO v4 session: its transport (HTTP long-polling, then WebSocket; or WebSocket from
/// the start), the heartbeat, and the Socket.IO connection it carries.
///
/// Outbound packets go straight to the WebSocket once there is one; before that they wait in a
/// queue that the next long-poll GET takes, joined by `\x1e`. Job events wait until a GET took them
/// (the WebSocket's own backpressure plays that part after the upgrade), so a slow poller gathers
/// events in its outbox, where progress is coalesced. The upgrade follows the protocol: `2probe` on
/// the new WebSocket is answered `3probe` and a waiting GET gets `6` (noop); after `5` the queue is
/// flushed onto the WebSocket, and later polling requests are refused.
///
/// The server pings (`2`) every `pingInterval`; without a `3` within `pingTimeout` the session
/// closes. It also closes when no namespace is connected within `connectTimeout`, on `1`, on a
/// parse error, or when its WebSocket goes away.
final class EngineIOSession: Sendable {
    /// Timings and limits, advertised in the open packet.
    struct Options: Sendable {
        /// Interval between the server's pings.
        var pingInterval: Duration
        /// How long the server waits for a pong.
        var pingTimeout: Duration
        /// How long a session may stay without a connected namespace.
        var connectTimeout: Duration
        /// How long an upgrade to WebSocket may take.
        var upgradeTimeout: Duration
        /// Largest message accepted from a client (bytes).
        var maxPayload: Int
    }

    /// What a long-poll GET answers.
    enum PollAnswer: Sendable {
        /// Packets, joined by `\x1e`.
        case packets(ByteBuffer)
        /// `6`: the session is upgrading; the client pauses polling.
        case noop
        /// `1`: the session is closed.
        case closed
        /// 400: a second GET at once, or the session moved to WebSocket.
        case refused(String)
    }

    /// The session was closed while a packet waited.
    struct Closed: Error {}

    enum Transport {
        case polling
        /// `3probe` was sent on a new WebSocket; polls get `6` until the client sends `5`.
        case upgrading
        /// `5` came: the queue is being written to the WebSocket.
        case flushing(WebSocketSender)
        case websocket(WebSocketSender)
    }

    struct State {
        var transport: Transport
        var closed = false
        var queue: [ByteBuffer] = []
        var queuedCount = 0
        var takenCount = 0
        var drainWaiters: [(through: Int, continuation: CheckedContinuation<Bool, Never>)] = []
        var poll: CheckedContinuation<PollAnswer, Never>?
        var posting = false
        var upgradeClaimed = false
        var pongReceived = false
        var pongWaiter: CheckedContinuation<Bool, Never>?
        var closeWaiters: [CheckedContinuation<Void, Never>] = []
    }

    /// The Engine.IO session id (a secret of this client).
    let sid: String
    let options: Options
    /// The Socket.IO connection the session carries.
    let socket: SocketIOConnection
    let logger: Logger
    /// Internal for the extensions (upgrade, heartbeat) in the files beside this one.
    let state: Mutex<State>

    /// Creates a session; `websocket` is its transport for a WebSocket-only session, nil for one
    /// that starts with polling.
    init(socket: SocketIOConnection, options: Options, websocket: WebSocketSender?, logger: Logger) {
        self.sid = Self.makeID()
        self.options = options
        self.socket = socket
        self.logger = logger
        self.state = Mutex(State(transport: websocket.map { .websocket($0) } ?? .polling))
    }

    /// A random, URL-safe, unguessable id of 20 characters.
    static func makeID() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<15).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
    }

    /// The open packet: `0{"sid":…,"upgrades":…,"pingInterval":…,"pingTimeout":…,"maxPayload":…}`.
    func openPacket(upgrades: [String]) -> ByteBuffer {
        let list = upgrades.map { "\"\($0)\"" }.joined(separator: ",")
        return ByteBuffer(string: "0{\"sid\":\"\(sid)\",\"upgrades\":[\(list)],\"pingInterval\":\(options.pingInterval.milliseconds),"
            + "\"pingTimeout\":\(options.pingTimeout.milliseconds),\"maxPayload\":\(options.maxPayload)}")
    }

    /// Whether the session is closed.
    var isClosed: Bool { state.withLock { $0.closed } }

    // MARK: Lifetime

    /// Runs the heartbeat, the connect timeout and the event pump until the session closes.
    func run() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.heartbeat() }
            group.addTask { await self.enforceConnectTimeout() }
            group.addTask { await self.socket.pump(self) }
            await waitUntilClosed()
            group.cancelAll()
        }
    }

    /// Closes the session once: pending polls get `1`, waiting packets are dropped, the pump stops
    /// and whoever waits in ``waitUntilClosed()`` returns (the WebSocket handler then closes it).
    func close(reason: String) async {
        let ended: (CheckedContinuation<PollAnswer, Never>?, [CheckedContinuation<Bool, Never>], [CheckedContinuation<Void, Never>], CheckedContinuation<Bool, Never>?)? = state.withLock { state in
            guard !state.closed else { return nil }
            state.closed = true
            defer {
                state.poll = nil
                state.drainWaiters = []
                state.closeWaiters = []
                state.pongWaiter = nil
                state.queue = []
            }
            return (state.poll, state.drainWaiters.map(\.continuation), state.closeWaiters, state.pongWaiter)
        }
        guard let (poll, drains, closers, pong) = ended else { return }
        logger.debug("Engine.IO session closed", metadata: ["engineio.reason": "\(reason)"])
        poll?.resume(returning: .closed)
        for drain in drains { drain.resume(returning: false) }
        pong?.resume(returning: false)
        socket.stop()
        for closer in closers { closer.resume() }
    }

    /// Returns once the session is closed.
    func waitUntilClosed() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let closed = state.withLock { state in
                if !state.closed { state.closeWaiters.append(continuation) }
                return state.closed
            }
            if closed { continuation.resume() }
        }
    }

    // MARK: Outbound

    /// Sends packets: on the WebSocket, or queued for the next poll. With `waitUntilTaken`, returns
    /// once a poll (or the upgrade's flush) took them.
    ///
    /// - Throws: ``Closed`` when the session is closed; a WebSocket write error.
    func send(_ packets: [ByteBuffer], waitUntilTaken: Bool = false) async throws {
        guard !packets.isEmpty else { return }
        enum Route { case write(WebSocketSender), queued(Int, (CheckedContinuation<PollAnswer, Never>, PollAnswer, [CheckedContinuation<Bool, Never>])?), closed }
        let route: Route = state.withLock { state in
            if state.closed { return .closed }
            if case .websocket(let sender) = state.transport { return .write(sender) }
            state.queue += packets
            state.queuedCount += packets.count
            var wake: (CheckedContinuation<PollAnswer, Never>, PollAnswer, [CheckedContinuation<Bool, Never>])?
            if case .polling = state.transport, let poll = state.poll {
                state.poll = nil
                let (taken, drained) = Self.takeQueue(&state)
                wake = (poll, .packets(Self.joined(taken)), drained)
            }
            return .queued(state.queuedCount, wake)
        }
        switch route {
        case .closed:
            throw Closed()
        case .write(let sender):
            try await sender.send(texts: packets)
        case .queued(let through, let wake):
            if let (poll, answer, drained) = wake {
                poll.resume(returning: answer)
                for drain in drained { drain.resume(returning: true) }
            }
            guard waitUntilTaken else { return }
            let taken = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let immediate: Bool? = state.withLock { state in
                    if state.closed { return false }
                    if state.takenCount >= through { return true }
                    state.drainWaiters.append((through, continuation))
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
            if !taken { throw Closed() }
        }
    }

    static func takeQueue(_ state: inout State) -> ([ByteBuffer], [CheckedContinuation<Bool, Never>]) {
        let taken = state.queue
        state.queue = []
        state.takenCount = state.queuedCount
        let through = state.takenCount
        let drained = state.drainWaiters.filter { $0.through <= through }.map(\.continuation)
        state.drainWaiters.removeAll { $0.through <= through }
        return (taken, drained)
    }

    private static func joined(_ packets: [ByteBuffer]) -> ByteBuffer {
        var body = ByteBuffer()
        body.reserveCapacity(packets.reduce(packets.count) { $0 + $1.readableBytes })
        for (index, packet) in packets.enumerated() {
            if index > 0 { body.writeInteger(UInt8(0x1E)) }
            body.writeImmutableBuffer(packet)
        }
        return body
    }

    // MARK: Polling

    /// A long-poll GET: what waits, else the next packets once they come.
    func poll() async -> PollAnswer {
        enum Immediate { case answer(PollAnswer, [CheckedContinuation<Bool, Never>]), overlap, wait }
        let answer = await withCheckedContinuation { (continuation: CheckedContinuation<PollAnswer, Never>) in
            let immediate: Immediate = state.withLock { state in
                if state.closed { return .answer(.closed, []) }
                switch state.transport {
                case .flushing, .websocket: return .answer(.refused("the session was upgraded to WebSocket"), [])
                case .upgrading: return .answer(.noop, [])
                case .polling: break
                }
                if state.poll != nil { return .overlap }
                if !state.queue.isEmpty {
                    let (taken, drained) = Self.takeQueue(&state)
                    return .answer(.packets(Self.joined(taken)), drained)
                }
                state.poll = continuation
                return .wait
            }
            switch immediate {
            case .answer(let answer, let drained):
                continuation.resume(returning: answer)
                for drain in drained { drain.resume(returning: true) }
            case .overlap:
                continuation.resume(returning: .refused("overlapping GET requests"))
            case .wait:
                break
            }
        }
        if case .refused(let reason) = answer, reason.hasPrefix("overlapping") { await close(reason: reason) }
        return answer
    }

    /// A POST's packets (separated by `\x1e`; binary ones as `b<base64>`), handled in order.
    ///
    /// - Returns: Nil when they were taken, else why the POST is refused (400).
    func post(_ body: ByteBuffer) async -> String? {
        let refusal: String? = state.withLock { state in
            if state.closed { return "the session is closed" }
            if case .polling = state.transport {} else if case .upgrading = state.transport {} else { return "the session was upgraded to WebSocket" }
            if state.posting { return "overlapping POST requests" }
            state.posting = true
            return nil
        }
        if let refusal {
            if refusal.hasPrefix("overlapping") { await close(reason: refusal) }
            return refusal
        }
        defer { state.withLock { $0.posting = false } }
        for part in body.readableBytesView.split(separator: 0x1E, omittingEmptySubsequences: false) {
            if part.first == UInt8(ascii: "b") {
                guard let bytes = Data(base64Encoded: Data(part.dropFirst())) else {
                    await close(reason: "parse error: bad base64")
                    return nil
                }
                await receive(binary: ByteBuffer(bytes: bytes))
            } else {
                await receive(text: String(decoding: part, as: UTF8.self))
            }
        }
        return nil
    }
}

extension Duration {
    /// Whole milliseconds.
    fileprivate var milliseconds: Int64 {
        components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}
