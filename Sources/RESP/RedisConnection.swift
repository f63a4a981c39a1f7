import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// One connection to Redis. Concurrent calls are pipelined on it: each writes at once and replies
/// come back in order, so many tasks can share one connection.
///
/// ```swift
/// let connection = try await RedisConnection.connect(configuration: configuration, logger: logger)
/// try await connection.send("SET", "greeting", "hello")
/// let value = try await connection.send("GET", "greeting").string
/// try await connection.close()
/// ```
public final class RedisConnection: RedisClient, Sendable {
    /// The connection's configuration.
    public let configuration: RedisConfiguration
    /// The negotiated protocol: 3 after a successful `HELLO 3`, otherwise 2.
    public let protocolVersion: Int

    let channel: any Channel
    private let logger: Logger

    private init(channel: any Channel, configuration: RedisConfiguration, protocolVersion: Int, logger: Logger) {
        self.channel = channel
        self.configuration = configuration
        self.protocolVersion = protocolVersion
        self.logger = logger
    }

    /// Connects, then runs the handshake: `HELLO 3` (with `AUTH` and `SETNAME`) or `AUTH` and
    /// `CLIENT SETNAME` on RESP2, then `SELECT` for a database other than 0.
    ///
    /// - Throws: ``RedisError/connectFailed(address:reason:)``, ``RedisError/authenticationFailed(message:)``,
    ///   ``RedisError/tlsFailed(reason:)``, or the server's error.
    public static func connect(
        configuration: RedisConfiguration,
        eventLoop: any EventLoop = MultiThreadedEventLoopGroup.singleton.next(),
        logger: Logger = Logger(label: "resp")
    ) async throws(RedisError) -> RedisConnection {
        try await connect(configuration: configuration, eventLoop: eventLoop, logger: logger, onPush: nil)
    }

    /// Connects with a handler for push frames (pub/sub messages).
    static func connect(
        configuration: RedisConfiguration,
        eventLoop: any EventLoop,
        logger: Logger,
        onPush: (@Sendable (RESPValue) -> Void)?
    ) async throws(RedisError) -> RedisConnection {
        let channel = try await openChannel(configuration: configuration, eventLoop: eventLoop, logger: logger, onPush: onPush)
        do throws(RedisError) {
            let version = try await handshake(channel: channel, configuration: configuration, logger: logger)
            if version == 2, onPush != nil {
                // A RESP2 subscriber receives messages as plain arrays; its handler must treat them as pushes.
                do {
                    try await channel.eventLoop.submit {
                        try channel.pipeline.syncOperations.handler(type: RedisChannelHandler.self).resp2PubSub = true
                    }.get()
                } catch {
                    throw RedisError.connectionClosed
                }
            }
            return RedisConnection(channel: channel, configuration: configuration, protocolVersion: version, logger: logger)
        } catch {
            try? await channel.close()
            throw error
        }
    }

    private static func openChannel(
        configuration: RedisConfiguration,
        eventLoop: any EventLoop,
        logger: Logger,
        onPush: (@Sendable (RESPValue) -> Void)?
    ) async throws(RedisError) -> any Channel {
        let decoderConfiguration = configuration.decoder
        let tls = try configuration.tls ? tlsContext(configuration) : nil
        let serverName = configuration.tls && !Self.isIPAddress(configuration.host) ? configuration.host : nil
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(.nanoseconds(Int64(configuration.connectTimeout.components.seconds) * 1_000_000_000
                + configuration.connectTimeout.components.attoseconds / 1_000_000_000))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: serverName))
                    }
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(RESPDecoder(configuration: decoderConfiguration)))
                    try channel.pipeline.syncOperations.addHandler(RedisChannelHandler(onPush: onPush, logger: logger))
                }
            }
        do {
            return try await bootstrap.connect(host: configuration.host, port: configuration.port).get()
        } catch {
            throw .connectFailed(address: configuration.address, reason: "\(error)")
        }
    }

    /// The TLS context of a `rediss://` connection: the system's authorities, or those of `tlsCAFile`.
    private static func tlsContext(_ configuration: RedisConfiguration) throws(RedisError) -> NIOSSLContext {
        var tls = TLSConfiguration.makeClientConfiguration()
        if let file = configuration.tlsCAFile {
            do {
                tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(file))
            } catch {
                throw .tlsFailed(reason: "the CA file \(file) cannot be read as PEM certificates")
            }
        }
        do {
            return try NIOSSLContext(configuration: tls)
        } catch {
            throw .tlsFailed(reason: "\(error)")
        }
    }

    /// Whether `host` is an IPv4 or IPv6 literal (checked against the certificate's IP entries, not sent as SNI).
    static func isIPAddress(_ host: String) -> Bool {
        (try? SocketAddress(ipAddress: host, port: 0)) != nil
    }

    /// Returns the negotiated protocol version.
    private static func handshake(channel: any Channel, configuration: RedisConfiguration, logger: Logger) async throws(RedisError) -> Int {
        let timeout = configuration.commandTimeout ?? .seconds(30)
        var version = 2
        var authenticated = false
        var named = false
        if configuration.protocolVersion == .resp3 {
            var arguments: [any RESPArgument] = ["3"]
            if let password = configuration.password {
                arguments += ["AUTH", configuration.username ?? "default", password]
            }
            if let name = configuration.clientName {
                arguments += ["SETNAME", name]
            }
            do {
                _ = try await send(RedisCommand("HELLO", arguments), on: channel, timeout: timeout)
                version = 3
                authenticated = true
                named = true
            } catch .server(let code, let message) where code == "NOPROTO" || message.lowercased().contains("unknown command") {
                logger.debug("Redis has no RESP3; using RESP2")
            } catch .server(let code, let message) where Self.authenticationCodes.contains(code) {
                throw .authenticationFailed(message: "\(code) \(message)")
            }
        }
        if !authenticated, let password = configuration.password {
            var arguments: [any RESPArgument] = [password]
            if let username = configuration.username { arguments.insert(username, at: 0) }
            do {
                _ = try await send(RedisCommand("AUTH", arguments), on: channel, timeout: timeout)
            } catch .server(let code, let message) {
                throw .authenticationFailed(message: "\(code) \(message)")
            }
        }
        if !named, let name = configuration.clientName {
            _ = try await send(RedisCommand("CLIENT", "SETNAME", name), on: channel, timeout: timeout)
        }
        if configuration.database != 0 {
            _ = try await send(RedisCommand("SELECT", configuration.database), on: channel, timeout: timeout)
        }
        logger.debug("Connected to Redis", metadata: ["redis.address": "\(configuration.address)", "redis.protocol": "\(version)"])
        return version
    }

    private static let authenticationCodes: Set<String> = ["WRONGPASS", "NOAUTH", "NOPERM"]

    // MARK: Commands

    /// Sends one command and waits for its reply.
    ///
    /// - Parameter timeout: overrides ``RedisConfiguration/commandTimeout`` for this command.
    /// - Throws: ``RedisError/server(code:message:)`` for an error reply, ``RedisError/timeout(command:seconds:)``,
    ///   ``RedisError/connectionClosed``.
    @discardableResult
    public func send(_ command: RedisCommand, timeout: Duration?) async throws(RedisError) -> RESPValue {
        try await Self.send(command, on: channel, timeout: timeout)
    }

    /// Sends one command with the configured timeout and waits for its reply.
    @discardableResult
    public func send(_ command: RedisCommand) async throws(RedisError) -> RESPValue {
        try await Self.send(command, on: channel, timeout: configuration.commandTimeout)
    }

    /// Writes all commands at once (one write, one flush) and returns their replies in order;
    /// error replies are failures in the array, not a thrown error.
    ///
    /// - Throws: only when the connection fails or the batch times out.
    public func pipeline(_ commands: [RedisCommand]) async throws(RedisError) -> [Result<RESPValue, RedisError>] {
        var bytes = ByteBuffer()
        bytes.reserveCapacity(commands.reduce(0) { $0 + $1.bytes.readableBytes })
        for command in commands { bytes.writeImmutableBuffer(command.bytes) }
        let promise = channel.eventLoop.makePromise(of: [RESPValue].self)
        let name = commands.count == 1 ? commands[0].name : "a pipeline of \(commands.count) commands"
        let request = RedisRequest(bytes: bytes, reply: .batch(count: commands.count, promise), commandName: name, timeout: Self.timeAmount(configuration.commandTimeout))
        Self.write(request, on: channel, failing: promise)
        let replies: [RESPValue]
        do {
            replies = try await promise.futureResult.get()
        } catch {
            throw Self.redisError(error)
        }
        return replies.map { reply in
            if case .error(let line) = reply { return .failure(RedisError(serverReply: line)) }
            return .success(reply)
        }
    }

    /// Writes a pub/sub command whose success is `count` confirmations of `kind`.
    func sendConfirmed(_ command: RedisCommand, kind: String, count: Int) async throws(RedisError) {
        let promise = channel.eventLoop.makePromise(of: Void.self)
        let request = RedisRequest(bytes: command.bytes, reply: .confirmations(kind: kind, count: count, promise), commandName: command.name, timeout: Self.timeAmount(configuration.commandTimeout))
        Self.write(request, on: channel, failing: promise)
        do {
            try await promise.futureResult.get()
        } catch {
            throw Self.redisError(error)
        }
    }

    /// True while the connection is open.
    public var isActive: Bool { channel.isActive }

    /// Closes the connection; pending commands fail with ``RedisError/connectionClosed``.
    public func close() async {
        try? await channel.close()
    }

    /// Completes when the connection has closed, for whatever reason.
    public var closeFuture: EventLoopFuture<Void> { channel.closeFuture }

    // MARK: Plumbing

    private static func send(_ command: RedisCommand, on channel: any Channel, timeout: Duration?) async throws(RedisError) -> RESPValue {
        let promise = channel.eventLoop.makePromise(of: RESPValue.self)
        let request = RedisRequest(bytes: command.bytes, reply: .single(promise), commandName: command.name, timeout: timeAmount(timeout))
        write(request, on: channel, failing: promise)
        let reply: RESPValue
        do {
            reply = try await promise.futureResult.get()
        } catch {
            throw redisError(error)
        }
        if case .error(let line) = reply { throw RedisError(serverReply: line) }
        return reply
    }

    private static func write<T>(_ request: RedisRequest, on channel: any Channel, failing promise: EventLoopPromise<T>) {
        // A closed channel has no handlers left: the write fails here and nobody else completes the promise.
        channel.writeAndFlush(request).whenFailure { _ in promise.fail(RedisError.connectionClosed) }
    }

    private static func redisError(_ error: any Error) -> RedisError {
        (error as? RedisError) ?? .connectionClosed
    }

    static func timeAmount(_ duration: Duration?) -> TimeAmount? {
        guard let duration else { return nil }
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
