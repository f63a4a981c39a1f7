import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// Answers that may be sent again, on the connection's event loop, to the same request from the
/// same caller while nothing they depend on has changed.
///
/// A route offers its answer (``ReplayOffer``) when the answer depends only on the request, on who
/// the caller is, and on the event bus's change version; the job list does. ``ResponseReplayMiddleware``
/// records the answer as it leaves the middlewares, and ``ResponseReplayHandler`` sends it for the
/// next identical request without leaving the event loop: no hop to a task, no router, no
/// middleware chain. A recorded answer is sent again only while
/// - the request is the same: method `GET`, path and query, authority, and every header field but
///   the few that cannot change the answer (``ReplayKey``);
/// - the event bus is at the version the answer was made at;
/// - the token cache still holds the same identity for the bearer token, so logout, revocation and
///   role changes end replays exactly when they end the token cache's hits;
///
/// otherwise the request takes the normal path, which records a fresh answer. A replayed answer
/// gets its own request id, `Date` and `Server`, and is counted in the HTTP metrics and logged like
/// any other.
final class ResponseReplay: Sendable {
    /// A recorded answer (a class: a replay takes one reference, not a copy of every field).
    final class Entry: Sendable {
        /// The response head's fields as the middlewares left them.
        let fields: HTTPFields
        let status: HTTPResponse.Status
        let body: ByteBuffer
        /// The event bus version the answer was made at.
        let version: UInt64
        /// The token the caller presented, and who it was.
        let token: String
        let identity: AuthenticatedUser
        /// The metrics' route label.
        let route: String

        init(fields: HTTPFields, status: HTTPResponse.Status, body: ByteBuffer, version: UInt64, token: String, identity: AuthenticatedUser, route: String) {
            self.fields = fields
            self.status = status
            self.body = body
            self.version = version
            self.token = token
            self.identity = identity
            self.route = route
        }
    }

    /// The recorded answers, of one event bus version.
    private let entries: VersionedCache<ReplayKey, Entry>
    private let tokens: TokenCache
    private let version: @Sendable () -> UInt64?
    private let metrics: APIMetrics
    private let serverName: String
    /// Logs replayed requests at debug level, as ``HTTPMetricsMiddleware`` logs the others.
    let logger: Logger

    /// Creates the store; `version` reads the event bus's change version (nil: never replay).
    init(tokens: TokenCache, version: @escaping @Sendable () -> UInt64?, metrics: APIMetrics, serverName: String, logger: Logger, capacity: Int = 128) {
        self.tokens = tokens
        self.version = version
        self.metrics = metrics
        self.serverName = serverName
        self.logger = logger
        self.entries = VersionedCache(capacity: capacity)
    }

    /// Keeps an answer for `key` (not kept when made at an older version than the others).
    func record(_ key: ReplayKey, _ entry: Entry) {
        entries.put(key, version: entry.version, entry)
    }

    /// The answer for `head`, when one was recorded and is still exact. The key is built only
    /// when there is an answer of the current version to look for.
    func answer(for head: HTTPRequest) -> Entry? {
        guard head.method == .get, let current = version(), entries.holds(version: current),
              let key = ReplayKey(head), let entry = entries.get(key, version: current),
              tokens.holds(entry.token, as: entry.identity)
        else { return nil }
        return entry
    }

    /// The response head to send for `entry`, with a fresh request id (or the caller's own, as
    /// ``RequestIDMiddleware`` takes it), `Date` and `Server`.
    func head(for entry: Entry, request: HTTPRequest) -> (HTTPResponse, requestID: String) {
        var fields = entry.fields
        let id = RequestIDMiddleware<SpoolRequestContext>.callersID(in: request.headerFields) ?? RequestID().description
        fields.append(HTTPField(name: .xRequestID, value: id))
        fields.append(HTTPField(name: .date, value: HTTPDateText.now))
        fields.append(HTTPField(name: .server, value: serverName))
        return (HTTPResponse(status: entry.status, headerFields: fields), id)
    }

    /// Counts and logs one replayed request as ``HTTPMetricsMiddleware`` does the others.
    func finished(_ entry: Entry, request: HTTPRequest, requestID: String, start: ContinuousClock.Instant) {
        metrics.replayedRequests.increment()
        var logger = self.logger
        if logger.logLevel <= .debug {
            logger[metadataKey: RequestIDMiddleware<SpoolRequestContext>.metadataKey] = .string(requestID)
            logger[metadataKey: "http.replayed"] = "true"
        }
        metrics.finishRequest(
            method: request.method.rawValue, path: String(request.path?.split(separator: "?", maxSplits: 1).first ?? ""),
            route: entry.route, status: Int(entry.status.code), duration: ContinuousClock.now - start, logger: logger
        )
    }
}

/// What makes two requests ask for the same answer: a `GET` without a body, its path and query,
/// its authority, and its header fields but those that cannot change the answer (client hints
/// such as `User-Agent` and `Accept-Language`, caching and fetch metadata, and `X-Request-Id`,
/// which only names the request). Any other field, known or not, is part of the key, so a field a
/// future middleware reads can only make replays rarer, never wrong.
struct ReplayKey: Hashable, Sendable {
    let path: String
    let authority: String?
    let fields: [Field]

    /// One header field of the key.
    struct Field: Hashable, Sendable {
        let name: String
        let value: String
    }

    /// The key of `head`, or nil when its answer is never replayed (not a `GET`, a body, a
    /// `Connection: close`).
    init?(_ head: HTTPRequest) {
        guard head.method == .get, let path = head.path else { return nil }
        var fields: [Field] = []
        for field in head.headerFields {
            let name = field.name
            if name == .contentLength || name == .transferEncoding { return nil }
            if name == .connection {
                if field.value.lowercased().contains("close") { return nil }
                continue
            }
            if Self.ignored.contains(name) { continue }
            fields.append(Field(name: name.canonicalName, value: field.value))
        }
        self.path = path
        self.authority = head.authority
        self.fields = fields
    }

    /// Fields that cannot change an answer Spool would replay.
    static let ignored: Set<HTTPField.Name> = [
        .userAgent, .accept, .acceptLanguage, .cacheControl, HTTPField.Name("Pragma")!, .referer, .xRequestID, .te,
        HTTPField.Name("Keep-Alive")!, HTTPField.Name("DNT")!, HTTPField.Name("Priority")!,
        HTTPField.Name("Upgrade-Insecure-Requests")!, HTTPField.Name("Sec-Fetch-Site")!, HTTPField.Name("Sec-Fetch-Mode")!,
        HTTPField.Name("Sec-Fetch-Dest")!, HTTPField.Name("Sec-Fetch-User")!, HTTPField.Name("Sec-CH-UA")!,
        HTTPField.Name("Sec-CH-UA-Mobile")!, HTTPField.Name("Sec-CH-UA-Platform")!,
    ]
}
