import Foundation
import HummingbirdWebSocket
import Logging
import SpoolAPIModels
import SpoolCore
import Synchronization

/// One `/api/ws` connection: authentication, subscriptions and the event pump.
///
/// Three tasks share the connection: the reader (control messages), the pump (events) and, until
/// the client authenticates, a timer. Every `subscribe`/`unsubscribe` restarts the pump: an
/// ``EventFollower`` takes an outbox, replays stored events after the cursor (the client's
/// `lastEventId`, else the last durable id already sent, else now), then follows live events,
/// writing everything that waits in the outbox as one batch.
///
/// A client that falls further behind than its outbox holds (see ``OutboxBuffer``; progress is
/// coalesced first) is closed with 1008 and the reason "too slow: resubscribe with lastEventId to
/// resume"; one that stops reading altogether is disconnected once a write has waited
/// `writeTimeout` (see ``WebSocketSender``). Either way it costs the other connections nothing.
final class WebSocketSession: Sendable {
    /// What a task reports when it ends.
    enum Exit: Sendable { case keepOpen, close }

    private struct State {
        var identity: AuthenticatedUser?
        var selection: JobSelection?
        var explicitCursor: Int64?
        var watermark: Int64?
        var restartRequested = false
        var current: EventOutbox?
    }

    private let follower: EventFollower
    private let auth: AuthService
    private let sender: WebSocketSender
    private let authTimeout: Duration
    private let maxMessageBytes: Int
    private let logger: Logger
    private let state: Mutex<State>
    private let wakes: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation

    init(follower: EventFollower, auth: AuthService, sender: WebSocketSender, identity: AuthenticatedUser?,
         authTimeout: Duration, maxMessageBytes: Int, logger: Logger) {
        self.follower = follower
        self.auth = auth
        self.sender = sender
        self.authTimeout = authTimeout
        self.maxMessageBytes = maxMessageBytes
        self.logger = logger
        self.state = Mutex(State(identity: identity))
        (wakes, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    private var isAuthenticated: Bool { state.withLock { $0.identity != nil } }

    /// Serves the connection until the client leaves, a task closes it, or the server stops.
    func run(inbound: WebSocketInboundStream) async throws {
        defer { wake.finish() }
        try await withThrowingTaskGroup(of: Exit.self) { group in
            group.addTask { try await self.read(inbound) }
            group.addTask { await self.pump() }
            if !isAuthenticated {
                group.addTask { await self.enforceAuthentication() }
            }
            while let exit = try await group.next() {
                if exit == .close { break }
            }
            group.cancelAll()
        }
        state.withLock { $0.current }?.finish()
    }

    // MARK: Reader

    private func read(_ inbound: WebSocketInboundStream) async throws -> Exit {
        let decoder = SpoolJSON.makeDecoder()
        for try await message in inbound.messages(maxSize: maxMessageBytes) {
            guard case .text(let text) = message else {
                try await sender.send(.error(code: SpoolError.Code.invalidInput.rawValue, message: "send JSON text messages"))
                continue
            }
            let request: WebSocketClientMessage
            do {
                request = try decoder.decode(WebSocketClientMessage.self, from: Data(text.utf8))
            } catch {
                let failure = Self.describe(error)
                try await sender.send(.error(code: failure.code.rawValue, message: failure.message))
                continue
            }
            if try await handle(request) == .close { return .close }
        }
        return .close
    }

    private func handle(_ request: WebSocketClientMessage) async throws -> Exit {
        switch request {
        case .ping:
            try await sender.send(.pong)
        case .authenticate(let token):
            guard let identity = try await auth.authenticate(token) else {
                try await sender.send(.error(code: SpoolError.Code.unauthorized.rawValue, message: "the token is invalid, expired or revoked"))
                await sender.close(.policyViolation, reason: "authentication failed")
                return .close
            }
            state.withLock { $0.identity = identity }
            try await sender.send(.authenticated)
        case .subscribe(var selection, let lastEventId):
            guard try await requireAuthentication() else { break }
            if case .jobs(let ids) = selection { selection = .jobs(Self.normalized(ids)) }
            if case .jobs(let ids) = selection, let bad = ids.first(where: { !$0.isWellFormed }) {
                try await sender.send(.error(code: SpoolError.Code.invalidInput.rawValue, message: "'\(bad.rawValue.prefix(40))' is not a job id"))
                break
            }
            restart { state in
                state.selection = (state.selection ?? .jobs([])).adding(selection)
                if let lastEventId { state.explicitCursor = lastEventId }
            }
        case .unsubscribe(let raw):
            guard try await requireAuthentication() else { break }
            let ids = Self.normalized(raw)
            guard state.withLock({ $0.selection != nil }) else {
                try await sender.send(.unsubscribed(.jobs([])))
                break
            }
            let selection = restart { state in
                state.selection = (state.selection ?? .jobs([])).removing(ids)
            }
            try await sender.send(.unsubscribed(selection))
        }
        return .keepOpen
    }

    private func requireAuthentication() async throws -> Bool {
        if isAuthenticated { return true }
        try await sender.send(.error(code: SpoolError.Code.unauthorized.rawValue, message: "authenticate first: {\"type\":\"authenticate\",\"token\":\"…\"}"))
        return false
    }

    /// Applies a subscription change and makes the pump start over with it.
    @discardableResult
    private func restart(_ change: (inout State) -> Void) -> JobSelection {
        let (selection, current) = state.withLock { state in
            change(&state)
            state.restartRequested = true
            return (state.selection ?? .jobs([]), state.current)
        }
        current?.finish()
        wake.yield()
        return selection
    }

    // MARK: Pump

    private func pump() async -> Exit {
        for await _ in wakes {
            do {
                return try await streamEvents()
            } catch {
                if !(error is CancellationError) {
                    logger.debug("WebSocket event stream ended", metadata: ["error.message": "\(error)"])
                }
                return .close
            }
        }
        return .keepOpen
    }

    private func streamEvents() async throws -> Exit {
        while true {
            let (outbox, selection, startCursor) = state.withLock { state in
                let selection = state.selection ?? .jobs([])
                let outbox = follower.subscribe(selection)
                state.current = outbox
                state.restartRequested = false
                defer { state.explicitCursor = nil }
                return (outbox, selection, state.explicitCursor ?? state.watermark)
            }
            let cursor: Int64
            if let startCursor {
                cursor = startCursor
            } else {
                cursor = try await follower.latestEventID()
            }
            try await sender.send(.subscribed(selection, lastEventId: cursor))
            advanceWatermark(to: cursor)
            let end = try await follower.follow(outbox, after: cursor, deliver: { events in
                try await sender.send(events: events)
                if let last = events.last(where: { $0.event.type.isDurable }) { advanceWatermark(to: last.event.id) }
            })
            outbox.finish()
            if end == .overflowed {
                logger.notice("WebSocket client too slow; closing")
                await sender.close(.policyViolation, reason: "too slow: resubscribe with lastEventId to resume")
                return .close
            }
            guard state.withLock({ $0.restartRequested }) else {
                try Task.checkCancellation()
                await sender.close(.goingAway, reason: "event stream ended")
                return .close
            }
        }
    }

    private func advanceWatermark(to id: Int64) {
        state.withLock { $0.watermark = max($0.watermark ?? 0, id) }
    }

    // MARK: Authentication timeout

    private func enforceAuthentication() async -> Exit {
        try? await Task.sleep(for: authTimeout)
        if Task.isCancelled || isAuthenticated { return .keepOpen }
        await sender.close(.policyViolation, reason: "authentication timeout")
        return .close
    }

    /// Job ids as Spool writes them (lowercase).
    private static func normalized(_ ids: Set<JobID>) -> Set<JobID> {
        Set(ids.map { JobID($0.rawValue.lowercased()) })
    }

    /// The error reply for a message that could not be decoded.
    private static func describe(_ error: any Error) -> SpoolError {
        switch error {
        case let error as SpoolError: error
        case DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty:
            SpoolError(.malformedJSON, "messages must be JSON objects")
        default:
            SpoolError(.invalidInput, "the message does not match the protocol (see /api/openapi.yaml)")
        }
    }
}
