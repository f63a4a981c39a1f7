/// Where and how to connect: address, credentials, database, protocol and time limits.
///
/// Build one from a URL (`RedisConfiguration(url: "redis://user:pass@host:6379/2")`) or field by field.
/// `description` never shows the password.
public struct RedisConfiguration: Sendable, Hashable {
    /// The RESP version to ask for.
    public enum ProtocolVersion: Int, Sendable, Hashable {
        /// RESP2 only: never sends `HELLO`.
        case resp2 = 2
        /// RESP3 through `HELLO 3`, falling back to RESP2 on servers older than Redis 6.
        case resp3 = 3
    }

    /// How reconnecting backs off: `initialDelay`, doubled per failed attempt up to `maximumDelay`,
    /// each delay randomized by ±`jitter` (0…1); a caller waits at most `connectRetryTimeout`.
    public struct Backoff: Sendable, Hashable {
        /// The first delay.
        public var initialDelay: Duration
        /// The longest delay.
        public var maximumDelay: Duration
        /// The random fraction added to or taken from each delay.
        public var jitter: Double

        /// Creates a backoff policy.
        public init(initialDelay: Duration = .milliseconds(50), maximumDelay: Duration = .seconds(2), jitter: Double = 0.2) {
            self.initialDelay = initialDelay
            self.maximumDelay = maximumDelay
            self.jitter = jitter
        }

        /// The delay before attempt `attempt` (1 is the first retry), with jitter.
        public func delay(attempt: Int) -> Duration {
            let base = initialDelay * Double(1 << min(max(attempt - 1, 0), 20))
            let capped = min(base, maximumDelay)
            guard jitter > 0 else { return capped }
            return capped * (1 + Double.random(in: -jitter...jitter))
        }
    }

    /// The host name or IP address (IPv6 without brackets).
    public var host: String
    /// The TCP port.
    public var port: Int
    /// The ACL user; nil means `default`.
    public var username: String?
    /// The password (sent with `HELLO … AUTH` or `AUTH`); never logged.
    public var password: String?
    /// The database number selected after connecting.
    public var database: Int
    /// True for `rediss://`: connections use TLS and verify the server's certificate and name.
    public var tls: Bool
    /// PEM file of the authorities a `rediss://` server's certificate is checked against; nil
    /// trusts the system's.
    public var tlsCAFile: String?
    /// The protocol to ask for.
    public var protocolVersion: ProtocolVersion
    /// `CLIENT SETNAME` for each connection (shows in `CLIENT LIST`).
    public var clientName: String?
    /// The longest wait for a TCP connection.
    public var connectTimeout: Duration
    /// The longest wait for a reply; nil waits forever. Each call can override it.
    public var commandTimeout: Duration?
    /// How long a command waits for a connection while the server is unreachable.
    public var connectRetryTimeout: Duration
    /// How reconnecting backs off.
    public var backoff: Backoff
    /// Limits on what the server may send.
    public var decoder: RESPDecoder.Configuration

    /// Creates a configuration.
    public init(
        host: String = "127.0.0.1",
        port: Int = 6379,
        username: String? = nil,
        password: String? = nil,
        database: Int = 0,
        tls: Bool = false,
        tlsCAFile: String? = nil,
        protocolVersion: ProtocolVersion = .resp3,
        clientName: String? = nil,
        connectTimeout: Duration = .seconds(5),
        commandTimeout: Duration? = .seconds(30),
        connectRetryTimeout: Duration = .seconds(10),
        backoff: Backoff = .init(),
        decoder: RESPDecoder.Configuration = .init()
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
        self.tlsCAFile = tlsCAFile
        self.protocolVersion = protocolVersion
        self.clientName = clientName
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.connectRetryTimeout = connectRetryTimeout
        self.backoff = backoff
        self.decoder = decoder
    }

    /// Parses `redis://[[user][:password]@]host[:port][/database]` or `rediss://…` (other fields keep
    /// their defaults). User and password are percent-decoded; IPv6 hosts go in brackets (`[::1]`).
    ///
    /// - Throws: ``RedisError/invalidURL(reason:)`` for anything else.
    public init(url: String) throws(RedisError) {
        self.init()
        let parsed = try RedisURL(url)
        host = parsed.host
        port = parsed.port
        username = parsed.username
        password = parsed.password
        database = parsed.database
        tls = parsed.tls
    }

    /// `host:port` (`[v6]:port` for IPv6), for messages.
    public var address: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}

extension RedisConfiguration: CustomStringConvertible {
    /// The URL with the password replaced by `***`.
    public var description: String {
        var userInfo = ""
        if username != nil || password != nil {
            userInfo = (username ?? "") + (password == nil ? "" : ":***") + "@"
        }
        return "\(tls ? "rediss" : "redis")://\(userInfo)\(address)/\(database)"
    }
}
