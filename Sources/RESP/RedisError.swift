/// Everything that can go wrong talking to Redis; `description` is safe to show (no passwords).
public enum RedisError: Error, Sendable, Hashable {
    /// The server answered with an error reply: `code` is its first word (`ERR`, `NOSCRIPT`,
    /// `WRONGTYPE`, `WRONGPASS`, `NOPERM`, …), `message` the rest.
    case server(code: String, message: String)
    /// The connection closed (or was closed) before the reply arrived.
    case connectionClosed
    /// No connection could be made to `address`; `reason` is the last socket error.
    case connectFailed(address: String, reason: String)
    /// The server refused the credentials during the handshake.
    case authenticationFailed(message: String)
    /// No reply to `command` within the time limit. The connection stays usable: the late reply is dropped.
    case timeout(command: String, seconds: Double)
    /// The peer sent bytes that are not valid RESP, or a frame beyond the configured limits;
    /// the connection is closed.
    case protocolViolation(String)
    /// A `redis://` URL that cannot be used.
    case invalidURL(reason: String)
    /// TLS (`rediss://`) could not be set up: an unreadable CA file, or a bad TLS configuration.
    case tlsFailed(reason: String)
    /// The pool or subscriber was shut down.
    case shutDown
    /// The calling task was cancelled while it waited.
    case cancelled
    /// A reply of an unexpected shape (e.g. a number where a list was expected).
    case unexpectedReply(command: String, reply: String)

    /// A server error reply such as `NOSCRIPT No matching script` split into its code and message.
    public init(serverReply line: String) {
        let code = line.prefix { $0 != " " }
        if !code.isEmpty, code.allSatisfy({ $0.isUppercase || $0.isNumber || $0 == "_" }) {
            self = .server(code: String(code), message: String(line.dropFirst(code.count).drop { $0 == " " }))
        } else {
            self = .server(code: "ERR", message: line)
        }
    }

    /// A stable, machine-readable code: the server's code, or a `RESP_…` name for client-side failures.
    public var code: String {
        switch self {
        case .server(let code, _): code
        case .connectionClosed: "RESP_CONNECTION_CLOSED"
        case .connectFailed: "RESP_CONNECT_FAILED"
        case .authenticationFailed: "RESP_AUTHENTICATION_FAILED"
        case .timeout: "RESP_TIMEOUT"
        case .protocolViolation: "RESP_PROTOCOL_VIOLATION"
        case .invalidURL: "RESP_INVALID_URL"
        case .tlsFailed: "RESP_TLS_FAILED"
        case .shutDown: "RESP_SHUT_DOWN"
        case .cancelled: "RESP_CANCELLED"
        case .unexpectedReply: "RESP_UNEXPECTED_REPLY"
        }
    }
}

extension RedisError: CustomStringConvertible {
    /// A one-line explanation.
    public var description: String {
        switch self {
        case .server(let code, let message): "Redis error \(code): \(message)"
        case .connectionClosed: "the connection to Redis closed before the reply arrived"
        case .connectFailed(let address, let reason): "cannot connect to Redis at \(address): \(reason)"
        case .authenticationFailed(let message): "Redis refused the credentials: \(message)"
        case .timeout(let command, let seconds): "Redis did not answer \(command) within \(seconds) s"
        case .protocolViolation(let reason): "invalid RESP data from Redis: \(reason)"
        case .invalidURL(let reason): "invalid Redis URL: \(reason)"
        case .tlsFailed(let reason): "cannot set up TLS (rediss://) for Redis: \(reason)"
        case .shutDown: "the Redis client was shut down"
        case .cancelled: "the wait for Redis was cancelled"
        case .unexpectedReply(let command, let reply): "unexpected reply to \(command): \(reply.prefix(200))"
        }
    }
}
