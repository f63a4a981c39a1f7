import Crypto

/// A Lua script run by its SHA-1 (`EVALSHA`), loaded on demand when the server does not know it.
///
/// ```swift
/// let claim = RedisScript("return redis.call('LPOP', KEYS[1])")
/// let job = try await pool.run(claim, keys: ["q:download"])
/// ```
public struct RedisScript: Sendable, Hashable {
    /// The Lua source.
    public let source: String
    /// The lowercase hex SHA-1 of the source, as `SCRIPT LOAD` returns it.
    public let sha1: String

    /// Wraps `source` and computes its SHA-1.
    public init(_ source: String) {
        self.source = source
        self.sha1 = Insecure.SHA1.hash(data: Array(source.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}

extension RedisClient {
    /// Runs `script` with `EVALSHA`; on `NOSCRIPT` (a restarted server, `SCRIPT FLUSH`) it loads the
    /// script with `SCRIPT LOAD` and retries once.
    @discardableResult
    public func run(_ script: RedisScript, keys: [String] = [], arguments: [any RESPArgument] = []) async throws(RedisError) -> RESPValue {
        let command = RedisCommand("EVALSHA", [script.sha1, keys.count, keys] + arguments)
        do {
            return try await send(command)
        } catch .server(let code, _) where code == "NOSCRIPT" {
            try await load(script)
            return try await send(command)
        }
    }

    /// `SCRIPT LOAD`: makes the script known to the server (and checks its syntax).
    public func load(_ script: RedisScript) async throws(RedisError) {
        let sha = try await send(RedisCommand("SCRIPT", "LOAD", script.source)).string
        guard sha == script.sha1 else {
            throw .unexpectedReply(command: "SCRIPT LOAD", reply: sha ?? "(nil)")
        }
    }
}
