import HummingbirdWebSocket
import NIOCore
import SpoolAPIModels
import SpoolCore

/// Writes one WebSocket connection's messages, one writer at a time: the reader (control replies)
/// and the event pump share it.
///
/// Messages go to the connection's channel as whole text frames, a batch with one flush. While less
/// than the channel's high watermark waits to be sent a write returns at once; past it, a write
/// returns once the socket took the bytes: that is the connection's backpressure, and meanwhile the
/// next batch gathers in its ``EventOutbox``. A batch the socket does not take within
/// `writeTimeout` (the client stopped reading) closes the connection. Close frames and pings still
/// go through Hummingbird's writer, which reaches the channel after the batches written here.
actor WebSocketSender {
    private let channel: any Channel
    private let outbound: WebSocketOutboundWriter
    private let maxFrameSize: Int
    private let writeTimeout: TimeAmount
    private let encoder = SpoolJSON.makeEncoder()
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    /// Whether a close frame was sent; later messages are dropped.
    private(set) var isClosed = false

    /// Creates the sender of a connection.
    ///
    /// - Parameters:
    ///   - channel: The upgraded connection's channel (frames are written into its pipeline).
    ///   - outbound: Hummingbird's writer, for the close frame.
    ///   - maxFrameSize: Longer messages are split into continuation frames.
    ///   - writeTimeout: How long a batch may wait for the socket before the connection is closed.
    init(channel: any Channel, outbound: WebSocketOutboundWriter, maxFrameSize: Int, writeTimeout: Duration) {
        self.channel = channel
        self.outbound = outbound
        self.maxFrameSize = max(1, maxFrameSize)
        self.writeTimeout = TimeAmount(writeTimeout)
    }

    /// Sends one control reply as JSON text.
    func send(_ message: WebSocketServerMessage) async throws {
        try await write([ByteBuffer(bytes: try encoder.encode(message))])
    }

    /// Sends events, already encoded, as one batch.
    func send(events: [EncodedEvent]) async throws {
        try await write(events.map(\.json))
    }

    /// Sends text messages already encoded (Socket.IO's Engine.IO packets), as one batch.
    func send(texts: [ByteBuffer]) async throws {
        try await write(texts)
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

    private func write(_ messages: [ByteBuffer]) async throws {
        await acquire()
        defer { release() }
        guard !isClosed, !messages.isEmpty else { return }
        try await channel.writeTextMessages(messages, maxFrameSize: maxFrameSize, timeout: writeTimeout)
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
