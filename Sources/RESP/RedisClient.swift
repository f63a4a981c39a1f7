/// Anything that runs commands: a ``RedisConnection`` or a ``RedisConnectionPool``.
/// Convenience commands and script helpers are written once against this protocol.
public protocol RedisClient: Sendable {
    /// Sends one command and waits for its reply; `timeout` overrides the configured one.
    ///
    /// - Throws: ``RedisError``; an error reply is ``RedisError/server(code:message:)``.
    @discardableResult
    func send(_ command: RedisCommand, timeout: Duration?) async throws(RedisError) -> RESPValue

    /// Sends one command with the configured timeout.
    @discardableResult
    func send(_ command: RedisCommand) async throws(RedisError) -> RESPValue

    /// Writes a batch in one go on one connection and returns the replies in order.
    func pipeline(_ commands: [RedisCommand]) async throws(RedisError) -> [Result<RESPValue, RedisError>]
}

extension RedisClient {
    /// Sends `name` with `arguments`: `try await client.send("XADD", stream, "*", "field", value)`.
    @discardableResult
    public func send(_ name: String, _ arguments: any RESPArgument...) async throws(RedisError) -> RESPValue {
        try await send(RedisCommand(name, arguments))
    }

    /// `PING`; returns the server's answer (`PONG`).
    @discardableResult
    public func ping() async throws(RedisError) -> String {
        try await send(RedisCommand("PING")).string ?? ""
    }

    /// `GET key` as text; nil when the key does not exist.
    public func get(_ key: String) async throws(RedisError) -> String? {
        try await send(RedisCommand("GET", key)).string
    }

    /// `SET key value [PX milliseconds]`.
    public func set(_ key: String, to value: some RESPArgument, expiration: Duration? = nil) async throws(RedisError) {
        var arguments: [any RESPArgument] = [key, value]
        if let expiration {
            let (seconds, attoseconds) = expiration.components
            arguments += ["PX", Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)]
        }
        try await send(RedisCommand("SET", arguments))
    }

    /// `DEL keys…`; returns how many existed.
    @discardableResult
    public func delete(_ keys: [String]) async throws(RedisError) -> Int {
        try await send(RedisCommand("DEL", keys)).int ?? 0
    }

    /// `PUBLISH channel message`; returns how many subscribers received it.
    @discardableResult
    public func publish(_ message: some RESPArgument, to channel: String) async throws(RedisError) -> Int {
        try await send(RedisCommand("PUBLISH", channel, message)).int ?? 0
    }
}
