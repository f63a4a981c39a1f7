import Foundation
import Synchronization

/// A static file server for media tests: HTTP/1.1 on 127.0.0.1, an ephemeral port, `GET`/`HEAD`,
/// single `Range` requests (206/416) with `If-Range`, strong `ETag` and `Last-Modified` validators,
/// keep-alive, an optional per-connection rate limit, and a count of body bytes sent per path (to
/// prove a resumed download did not fetch bytes again) and of concurrent transfers.
///
/// Its ``Behaviour`` can imitate servers that ignore ranges or refuse `HEAD`, and extra headers
/// (`Content-Disposition`) can be set per path: see `MediaServer+Behaviour.swift`.
///
/// Besides the folder's files it serves documents published in memory (a feed that changes between
/// checks, a page) and canned error answers (a 429), see `MediaServer+Documents.swift`.
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

    private let server: LoopbackHTTPServer<FileResponder>
    let stats: Stats

    /// State shared with the connection handlers: counters and published documents.
    final class Stats: Sendable {
        /// Body transfers of one path: running now and the most at once.
        struct Transfers: Sendable {
            var running = 0
            var peak = 0
        }

        let bytesSent = Mutex<[String: Int64]>([:])
        let requests = Mutex<[Request]>([])
        /// Answers by decoded path (with its leading `/`), checked before the folder.
        let documents = Mutex<[String: ServedDocument]>([:])
        /// How file requests are answered.
        let behaviour = Mutex(Behaviour())
        /// Headers added to the answers for a file, by decoded path.
        let extraHeaders = Mutex<[String: [String: String]]>([:])
        /// Body transfers per decoded path.
        let transfers = Mutex<[String: Transfers]>([:])
    }

    private init(directory: URL, bytesPerSecond: Int?, server: LoopbackHTTPServer<FileResponder>, stats: Stats) {
        self.directory = directory
        self.port = server.port
        self.bytesPerSecond = bytesPerSecond
        self.server = server
        self.stats = stats
    }

    /// Starts serving `directory` on 127.0.0.1 and a free port.
    public static func start(directory: URL, bytesPerSecond: Int? = nil) async throws -> MediaServer {
        let root = directory.standardizedFileURL.resolvingSymlinksInPath()
        let stats = Stats()
        let handler = FileResponder(root: root, bytesPerSecond: bytesPerSecond, stats: stats)
        // A small send buffer keeps "bytes sent" close to "bytes the client received".
        let server = try await LoopbackHTTPServer.start(sendBufferBytes: 64 * 1024) { _ in handler }
        return MediaServer(directory: root, bytesPerSecond: bytesPerSecond, server: server, stats: stats)
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

    /// Waits until no body bytes of `path` have been sent for `quiet`, and returns the count then;
    /// nil when bytes still flow after `limit`.
    ///
    /// A client that was stopped can take a moment on a busy machine before its connection closes
    /// and the last buffered chunk is counted: tests wait for that here instead of sleeping a fixed
    /// time and hoping it was long enough.
    public func settledBytesSent(for path: String, quiet: Duration = .milliseconds(500), limit: Duration = .seconds(30)) async throws -> Int64? {
        let deadline = ContinuousClock.now + limit
        var last = bytesSent(for: path)
        var since = ContinuousClock.now
        while ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            let now = bytesSent(for: path)
            if now != last {
                last = now
                since = ContinuousClock.now
            } else if ContinuousClock.now - since >= quiet {
                return now
            }
        }
        return nil
    }

    /// Every request answered so far, oldest first.
    public var requests: [Request] {
        stats.requests.withLock { $0 }
    }

    /// Clears the byte counters, the transfer peaks and the request log.
    public func resetCounters() {
        stats.bytesSent.withLock { $0.removeAll() }
        stats.requests.withLock { $0.removeAll() }
        stats.transfers.withLock { transfers in
            for (key, value) in transfers { transfers[key]?.peak = value.running }
        }
    }

    /// Publishes, replaces or removes the in-memory answer for `path`.
    func setDocument(_ document: ServedDocument?, at path: String) {
        let key = path.hasPrefix("/") ? path : "/" + path
        stats.documents.withLock { $0[key] = document }
    }

    /// Stops accepting, ends open transfers, and waits for the server to wind down.
    public func shutdown() async throws {
        await server.shutdown()
    }
}
