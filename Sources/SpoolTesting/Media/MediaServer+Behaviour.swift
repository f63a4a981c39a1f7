import Foundation

/// Ways a ``MediaServer`` can misbehave or differ like real servers do, switched at run time, and
/// what the tests of a segmented downloader count: concurrent transfers per path.
extension MediaServer {
    /// How the server answers file requests.
    public struct Behaviour: Sendable, Hashable {
        /// Answer ranged `GET`s with the whole file (200) while `HEAD` still says
        /// `Accept-Ranges: bytes`, as some misconfigured servers and proxies do.
        public var ignoresRanges = false
        /// Answer `HEAD` with 405, as servers that only allow `GET` do.
        public var refusesHead = false
        /// Leave out `Accept-Ranges`, `ETag` and `Last-Modified`.
        public var hidesRangeSupport = false

        /// The default: ranges, validators and `HEAD` as a well-behaved server.
        public init(ignoresRanges: Bool = false, refusesHead: Bool = false, hidesRangeSupport: Bool = false) {
            self.ignoresRanges = ignoresRanges
            self.refusesHead = refusesHead
            self.hidesRangeSupport = hidesRangeSupport
        }
    }

    /// The current behaviour (see ``Behaviour``).
    public var behaviour: Behaviour {
        get { stats.behaviour.withLock { $0 } }
        set { stats.behaviour.withLock { $0 = newValue } }
    }

    /// Sends `headers` with every answer from the file at `path` (decoded, relative to the served
    /// folder), replacing headers of the same name, e.g. `Content-Disposition` or `Content-Type`.
    public func setHeaders(_ headers: [String: String], for path: String) {
        let key = path.hasPrefix("/") ? path : "/" + path
        stats.extraHeaders.withLock { $0[key] = headers.isEmpty ? nil : headers }
    }

    /// The most body transfers of `path` (decoded, with its leading `/`) that ran at the same time.
    public func peakConcurrentTransfers(for path: String) -> Int {
        let key = path.hasPrefix("/") ? path : "/" + path
        return stats.transfers.withLock { $0[key]?.peak ?? 0 }
    }

    /// `GET`s of `path` answered so far that carried a `Range` header.
    public func rangedRequests(for path: String) -> [Request] {
        let key = path.hasPrefix("/") ? path : "/" + path
        return requests.filter { $0.path == key && $0.method == "GET" && $0.range != nil }
    }
}
