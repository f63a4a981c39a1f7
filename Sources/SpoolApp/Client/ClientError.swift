/// A failure of a ``SpoolClient`` call, with a message fit for a terminal and a process exit code.
///
/// API errors (`{"error":{"code","message"}}`) keep the server's stable code; transport failures
/// (connection refused, timeouts) are reported as ``Kind-swift.enum/server``.
public struct ClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, coarsely; decides the exit code.
    public enum Kind: String, Sendable, Hashable {
        /// Anything else (conflicts, illegal transitions, rate limits, decoding problems).
        case general
        /// The request was wrong: bad arguments, invalid input rejected by the server.
        case usage
        /// Missing, invalid or insufficient credentials (401/403).
        case auth
        /// The job, token or route does not exist (404), or an id prefix matched nothing.
        case notFound
        /// The server failed, is out of space, or could not be reached.
        case server

        /// The process exit code for this kind: 1 general, 2 usage, 3 auth, 4 not found, 5 server.
        public var exitCode: Int32 {
            switch self {
            case .general: 1
            case .usage: 2
            case .auth: 3
            case .notFound: 4
            case .server: 5
            }
        }
    }

    /// Coarse classification.
    public var kind: Kind
    /// The API's stable error code (`not_found`, `illegal_transition`, …) when the server sent one.
    public var code: String?
    /// The HTTP status, when a response arrived.
    public var status: Int?
    /// A human message without internals.
    public var message: String

    /// Creates an error.
    public init(_ kind: Kind, _ message: String, code: String? = nil, status: Int? = nil) {
        self.kind = kind
        self.message = message
        self.code = code
        self.status = status
    }

    /// The process exit code (see ``Kind-swift.enum/exitCode``).
    public var exitCode: Int32 { kind.exitCode }

    /// The message, as printed after `spool: `.
    public var description: String { message }

    /// Classifies an API error response by status and code.
    ///
    /// - Parameters:
    ///   - status: The HTTP status.
    ///   - code: The `error.code` of the body, if any.
    ///   - message: The `error.message` of the body, or a fallback.
    public static func api(status: Int, code: String?, message: String) -> ClientError {
        let kind: Kind
        switch status {
        case 401, 403: kind = .auth
        case 404: kind = .notFound
        case 400, 405, 411, 413, 414, 415, 422: kind = .usage
        case 500...: kind = .server
        default: kind = .general
        }
        return ClientError(kind, message, code: code, status: status)
    }

    /// No job id starts with the given prefix.
    public static func noSuchJob(_ prefix: String) -> ClientError {
        ClientError(.notFound, "no job matches '\(prefix)'", code: "not_found", status: nil)
    }
}
