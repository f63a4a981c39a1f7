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

extension RedisClient {
    /// Runs `commands` atomically as `MULTI` … `EXEC`, written in one go (so on a shared connection no
    /// other command lands in between), and returns each command's result.
    ///
    /// - Throws: the server's error when the transaction is refused (`EXECABORT` after a command
    ///   failed to queue), or ``RedisError/unexpectedReply(command:reply:)`` if `EXEC` returns null
    ///   (a `WATCH`ed key changed; `WATCH` needs ``RedisConnectionPool/withConnection(_:)``).
    public func transaction(_ commands: [RedisCommand]) async throws(RedisError) -> [Result<RESPValue, RedisError>] {
        let replies = try await pipeline([RedisCommand("MULTI")] + commands + [RedisCommand("EXEC")])
        guard let exec = replies.last else { throw .unexpectedReply(command: "EXEC", reply: "no reply") }
        let results = try exec.get()
        guard let values = results.array else {
            throw .unexpectedReply(command: "EXEC", reply: "\(results): the transaction was aborted")
        }
        return values.map { value in
            if case .error(let line) = value { return .failure(RedisError(serverReply: line)) }
            return .success(value)
        }
    }
}
