import Foundation
import NIOCore
import NIOPosix

/// A minimal WebSocket client over a raw TCP connection (RFC 6455 handshake and framing), enough to
/// drive `/api/ws` from tests: text frames out (masked), text and close frames in.
final class WebSocketTestClient {
    /// A frame the server sent.
    enum Message: Equatable {
        case text(String)
        case close(code: UInt16, reason: String)
    }

    /// The upgrade was refused; `head` is the server's HTTP status line.
    struct UpgradeRefused: Error {
        let head: String
    }

    private var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    private var buffer = ByteBuffer()

    private init(inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) {
        self.inbound = inbound
        self.outbound = outbound
    }

    /// Connects to `127.0.0.1:port`, upgrades `path`, runs `body`, then closes the connection.
    static func withConnection<Value>(port: Int, path: String, _ body: (WebSocketTestClient) async throws -> Value) async throws -> Value {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            let client = WebSocketTestClient(inbound: inbound.makeAsyncIterator(), outbound: outbound)
            try await client.handshake(path: path)
            return try await body(client)
        }
    }

    private func handshake(path: String) async throws {
        let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        try await outbound.write(ByteBuffer(string: request))
        while true {
            let view = buffer.readableBytesView
            if let end = view.firstRange(of: Array("\r\n\r\n".utf8)) {
                let head = String(decoding: view[view.startIndex..<end.lowerBound], as: UTF8.self)
                buffer.moveReaderIndex(forwardBy: end.upperBound - view.startIndex)
                let statusLine = head.split(separator: "\r\n").first.map(String.init) ?? head
                guard statusLine.contains(" 101 ") else { throw UpgradeRefused(head: statusLine) }
                return
            }
            try await readMore()
        }
    }

    /// Sends a text message.
    func send(_ text: String) async throws {
        try await sendFrame(opcode: 0x1, payload: Array(text.utf8))
    }

    /// Sends a binary message.
    func sendBinary(_ payload: [UInt8]) async throws {
        try await sendFrame(opcode: 0x2, payload: payload)
    }

    private func sendFrame(opcode: UInt8, payload: [UInt8]) async throws {
        var frame = ByteBuffer()
        frame.writeInteger(UInt8(0x80 | opcode))
        switch payload.count {
        case ..<126: frame.writeInteger(UInt8(0x80 | payload.count))
        case ..<65536:
            frame.writeInteger(UInt8(0x80 | 126))
            frame.writeInteger(UInt16(payload.count))
        default:
            frame.writeInteger(UInt8(0x80 | 127))
            frame.writeInteger(UInt64(payload.count))
        }
        let mask = (0..<4).map { _ in UInt8.random(in: .min ... .max) }
        frame.writeBytes(mask)
        frame.writeBytes(payload.enumerated().map { $0.element ^ mask[$0.offset % 4] })
        try await outbound.write(frame)
    }

    /// The next text or close message. Pings are answered with a pong, as browsers do (the server
    /// closes a connection whose pongs stop), and other control frames are skipped.
    func receive() async throws -> Message {
        var fragments: [UInt8] = []
        while true {
            let (fin, opcode, payload) = try await nextFrame()
            switch opcode {
            case 0x1, 0x0:
                fragments += payload
                if fin { return .text(String(decoding: fragments, as: UTF8.self)) }
            case 0x8:
                let code = payload.count >= 2 ? UInt16(payload[0]) << 8 | UInt16(payload[1]) : 1005
                return .close(code: code, reason: String(decoding: payload.dropFirst(2), as: UTF8.self))
            case 0x9:
                // The server may have closed its side already (a client read behind a close).
                try? await sendFrame(opcode: 0xA, payload: payload)
            default:
                continue
            }
        }
    }

    /// The next text message decoded as a JSON object.
    func receiveJSON() async throws -> [String: Any] {
        let message = try await receive()
        guard case .text(let text) = message,
              let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        else { throw UpgradeRefused(head: "expected a JSON text message, got \(message)") }
        return object
    }

    private func nextFrame() async throws -> (fin: Bool, opcode: UInt8, payload: [UInt8]) {
        while true {
            if let frame = parseFrame() { return frame }
            try await readMore()
        }
    }

    private func parseFrame() -> (fin: Bool, opcode: UInt8, payload: [UInt8])? {
        var view = buffer
        guard let first = view.readInteger(as: UInt8.self), let second = view.readInteger(as: UInt8.self) else { return nil }
        var length = Int(second & 0x7F)
        if length == 126 {
            guard let extended = view.readInteger(as: UInt16.self) else { return nil }
            length = Int(extended)
        } else if length == 127 {
            guard let extended = view.readInteger(as: UInt64.self) else { return nil }
            length = Int(extended)
        }
        let mask = second & 0x80 != 0 ? view.readBytes(length: 4) : nil
        guard var payload = view.readBytes(length: length) else { return nil }
        if let mask { payload = payload.enumerated().map { $0.element ^ mask[$0.offset % 4] } }
        buffer = view
        return (first & 0x80 != 0, first & 0x0F, payload)
    }

    private func readMore() async throws {
        guard var chunk = try await inbound.next() else { throw UpgradeRefused(head: "connection closed") }
        buffer.writeBuffer(&chunk)
    }
}
