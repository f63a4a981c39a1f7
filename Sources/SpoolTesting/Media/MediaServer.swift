import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A static file server for media tests: HTTP/1.1 on 127.0.0.1, an ephemeral port, `GET`/`HEAD`,
/// single `Range` requests (206/416), keep-alive, an optional per-connection rate limit, and a count
/// of body bytes sent per path (to prove a resumed download did not fetch bytes again).
///
/// yt-dlp's generic extractor works against it: it sends a plain `GET`, then ranged requests.
public final class MediaServer: Sendable {
    /// One request the server answered.
    public struct Request: Sendable, Hashable {
        /// `GET` or `HEAD` (others get 405).
        public var method: String
        /// The decoded path, e.g. `/clip.mp4`.
        public var path: String
        /// The `Range` header, if any.
        public var range: String?
        /// The response status.
        public var status: Int
    }

    /// The folder being served.
    public let directory: URL
    /// The bound port.
    public let port: Int
    /// Body bytes per second for each connection; nil means unlimited.
    public let bytesPerSecond: Int?

    private let serverChannel: any Channel
    private let acceptTask: Task<Void, Never>
    private let stats: Stats

    /// Counters shared with the connection handlers.
    final class Stats: Sendable {
        let bytesSent = Mutex<[String: Int64]>([:])
        let requests = Mutex<[Request]>([])
    }

    private init(directory: URL, port: Int, bytesPerSecond: Int?, serverChannel: any Channel, acceptTask: Task<Void, Never>, stats: Stats) {
        self.directory = directory
        self.port = port
        self.bytesPerSecond = bytesPerSecond
        self.serverChannel = serverChannel
        self.acceptTask = acceptTask
        self.stats = stats
    }

    /// Starts serving `directory` on 127.0.0.1 and a free port.
    public static func start(directory: URL, bytesPerSecond: Int? = nil) async throws -> MediaServer {
        let root = directory.standardizedFileURL.resolvingSymlinksInPath()
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            // A small send buffer keeps "bytes sent" close to "bytes the client received".
            .childChannelOption(.socketOption(.so_sndbuf), value: 64 * 1024)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: channel)
                }
            }
        guard let port = server.channel.localAddress?.port else {
            try? await server.channel.close()
            throw MediaServerError("the server socket has no port")
        }
        let stats = Stats()
        let handler = FileResponder(root: root, bytesPerSecond: bytesPerSecond, stats: stats)
        let serverChannel = server.channel
        // Test support: the accept loop lives until shutdown() cancels it.
        let acceptTask = Task {
            await withDiscardingTaskGroup { group in
                try? await server.executeThenClose { connections in
                    for try await connection in connections {
                        group.addTask { await handler.serve(connection) }
                    }
                }
                group.cancelAll()
            }
        }
        return MediaServer(
            directory: root, port: port, bytesPerSecond: bytesPerSecond,
            serverChannel: serverChannel, acceptTask: acceptTask, stats: stats
        )
    }

    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The URL of `path` (relative to the served folder; percent-encoded here).
    public func url(for path: String) -> String {
        let trimmed = path.hasPrefix("/") ? String(path.dropFirst()) : path
        let encoded = trimmed.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/", "?", "#"])) ?? String($0) }
            .joined(separator: "/")
        return "\(baseURL)/\(encoded)"
    }

    /// Body bytes sent for `path` (decoded, with its leading `/`), over all requests.
    public func bytesSent(for path: String) -> Int64 {
        let key = path.hasPrefix("/") ? path : "/" + path
        return stats.bytesSent.withLock { $0[key] ?? 0 }
    }

    /// Every request answered so far, oldest first.
    public var requests: [Request] {
        stats.requests.withLock { $0 }
    }

    /// Clears the byte counters and the request log.
    public func resetCounters() {
        stats.bytesSent.withLock { $0.removeAll() }
        stats.requests.withLock { $0.removeAll() }
    }

    /// Stops accepting, ends open transfers, and waits for the server to wind down.
    public func shutdown() async throws {
        acceptTask.cancel()
        try? await serverChannel.close()
        await acceptTask.value
    }
}

/// A failure starting the media server.
public struct MediaServerError: Error, CustomStringConvertible {
    /// What went wrong.
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}
