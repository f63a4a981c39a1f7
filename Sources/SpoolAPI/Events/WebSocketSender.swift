import HummingbirdWebSocket
import SpoolAPIModels
import SpoolCore

/// Serialises writes to one WebSocket: a long message is sent as several frames, so two tasks
/// (the reader answering control messages and the event pump) must never write at the same time.
actor WebSocketSender {
    private let outbound: WebSocketOutboundWriter
    private let encoder = SpoolJSON.makeEncoder()
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    /// Whether a close frame was sent; later messages are dropped.
    private(set) var isClosed = false

    init(_ outbound: WebSocketOutboundWriter) {
        self.outbound = outbound
    }

    /// Sends one message as JSON text.
    func send(_ message: WebSocketServerMessage) async throws {
        let text = String(decoding: try encoder.encode(message), as: UTF8.self)
        await acquire()
        defer { release() }
        guard !isClosed else { return }
        try await outbound.writeTextMessage(text)
    }

    /// Why the server closes a connection.
    enum CloseCode: Sendable {
        /// 1008: the client broke a rule (no authentication, too slow).
        case policyViolation
        /// 1001: the server stops serving the stream.
        case goingAway
    }

    /// Sends a close frame once; errors (the peer already gone) are ignored.
    func close(_ code: CloseCode, reason: String) async {
        await acquire()
        defer { release() }
        guard !isClosed else { return }
        isClosed = true
        switch code {
        case .policyViolation: try? await outbound.close(.policyViolation, reason: reason)
        case .goingAway: try? await outbound.close(.goingAway, reason: reason)
        }
    }

    private func acquire() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func release() {
        if waiters.isEmpty {
            busy = false
        } else {
            waiters.removeFirst().resume()
        }
    }
}
