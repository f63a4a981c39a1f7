import Foundation
import HummingbirdWebSocket
import Logging
import SpoolAPIModels
import SpoolCore
import Synchronization

/// One `/api/ws` connection: authentication, subscriptions and the event pump.
///
/// Three tasks share the connection: the reader (control messages), the pump (events, a
/// ``LiveSubscription``) and, until the client authenticates, a timer. Every
/// `subscribe`/`unsubscribe` restarts the pump, which answers `subscribed` with the cursor it
/// replays after and then writes everything that waits in the outbox as one batch.
///
/// A client that falls further behind than its outbox holds (see ``OutboxBuffer``; progress is
/// coalesced first) is closed with 1008 and the reason "too slow: resubscribe with lastEventId to
/// resume"; one that stops reading altogether is disconnected once a write has waited
/// `writeTimeout` (see ``WebSocketSender``). Either way it costs the other connections nothing.
final class WebSocketSession: Sendable {
    /// What a task reports when it ends.
    enum Exit: Sendable { case keepOpen, close }

    private let auth: AuthService
    private let sender: WebSocketSender
    private let authTimeout: Duration
    private let maxMessageBytes: Int
    private let logger: Logger
    private let identity: Mutex<AuthenticatedUser?>
    private let subscription: LiveSubscription<Never>
    /// Where the owners of jobs are read (see ``JobVisibilityFilter``).
    private let jobs: any JobStore

    init(follower: EventFollower, auth: AuthService, sender: WebSocketSender, identity: AuthenticatedUser?,
         authTimeout: Duration, maxMessageBytes: Int, logger: Logger) {
        self.auth = auth
        self.sender = sender
        self.authTimeout = authTimeout
        self.maxMessageBytes = maxMessageBytes
        self.logger = logger
        self.identity = Mutex(identity)
        self.subscription = LiveSubscription(follower: follower)
        self.jobs = follower.store
        subscription.restrict(to: JobVisibilityFilter.of(identity, store: follower.store))
    }

    private var isAuthenticated: Bool { identity.withLock { $0 != nil } }

    /// Serves the connection until the client leaves, a task closes it, or the server stops.
    func run(inbound: WebSocketInboundStream) async throws {
        defer { subscription.stop() }
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
            self.identity.withLock { $0 = identity }
            subscription.restrict(to: JobVisibilityFilter.of(identity, store: jobs))
            try await sender.send(.authenticated)
        case .subscribe(let selection, let lastEventId):
            guard try await requireAuthentication() else { break }
            do {
                try subscription.subscribe(selection, lastEventId: lastEventId)
            } catch let error as SpoolError {
                try await sender.send(.error(code: error.code.rawValue, message: error.message))
            }
        case .unsubscribe(let ids):
            guard try await requireAuthentication() else { break }
            try await sender.send(.unsubscribed(subscription.unsubscribe(ids)))
        }
        return .keepOpen
    }

    private func requireAuthentication() async throws -> Bool {
        if isAuthenticated { return true }
        try await sender.send(.error(code: SpoolError.Code.unauthorized.rawValue, message: "authenticate first: {\"type\":\"authenticate\",\"token\":\"…\"}"))
        return false
    }

    // MARK: Pump

    private func pump() async -> Exit {
        do {
            let end = try await subscription.run { selection, cursor, _ in
                try await sender.send(.subscribed(selection, lastEventId: cursor))
            } deliver: { events in
                try await sender.send(events: events)
            }
            switch end {
            case .stopped:
                return .keepOpen
            case .overflowed:
                logger.notice("WebSocket client too slow; closing")
                await sender.close(.policyViolation, reason: "too slow: resubscribe with lastEventId to resume")
            case .ended:
                try Task.checkCancellation()
                await sender.close(.goingAway, reason: "event stream ended")
            }
        } catch {
            if !(error is CancellationError) {
                logger.debug("WebSocket event stream ended", metadata: ["error.message": "\(error)"])
            }
        }
        return .close
    }

    // MARK: Authentication timeout

    private func enforceAuthentication() async -> Exit {
        try? await Task.sleep(for: authTimeout)
        if Task.isCancelled || isAuthenticated { return .keepOpen }
        await sender.close(.policyViolation, reason: "authentication timeout")
        return .close
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
