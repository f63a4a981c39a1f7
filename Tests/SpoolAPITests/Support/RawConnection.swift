import NIOCore
import NIOPosix

/// A plain TCP connection to a test server, written to byte by byte if need be, for the tests of
/// the header timeout and the connection limit.
struct RawConnection: Sendable {
    let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>

    /// Connects to `127.0.0.1:port`.
    static func connect(port: Int) async throws -> RawConnection {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
        return RawConnection(channel: channel)
    }

    /// Writes `text`; throws once the server has closed the connection.
    func write(_ text: String) async throws {
        try await channel.outbound.write(ByteBuffer(string: text))
    }

    /// Reads until `marker` appears or the server closes; returns what was read and whether the
    /// connection was closed.
    func read(until marker: String? = nil) async throws -> (text: String, closed: Bool) {
        var received = ByteBuffer()
        var iterator = channel.inbound.makeAsyncIterator()
        do {
            while var chunk = try await iterator.next() {
                received.writeBuffer(&chunk)
                if let marker, String(buffer: received).contains(marker) { return (String(buffer: received), false) }
            }
        } catch {
            return (String(buffer: received), true)
        }
        return (String(buffer: received), true)
    }

    /// Closes the connection from this side.
    func close() async {
        try? await channel.channel.close()
    }
}
