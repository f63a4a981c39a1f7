import Testing
@testable import RESP

@Suite("Redis URLs")
struct RedisURLTests {
    @Test("defaults: port 6379, database 0, no credentials")
    func defaults() throws {
        let configuration = try RedisConfiguration(url: "redis://cache.internal")
        #expect(configuration.host == "cache.internal" && configuration.port == 6379 && configuration.database == 0)
        #expect(configuration.username == nil && configuration.password == nil && !configuration.tls)
    }

    @Test("user, percent-decoded password, port and database")
    func full() throws {
        let configuration = try RedisConfiguration(url: "redis://spool:p%40ss%3Aw%2Fo%25rd@10.0.0.5:6380/3")
        #expect(configuration.username == "spool")
        #expect(configuration.password == "p@ss:w/o%rd")
        #expect(configuration.host == "10.0.0.5" && configuration.port == 6380 && configuration.database == 3)
    }

    @Test("password only, in both historic forms")
    func passwordOnly() throws {
        let colon = try RedisConfiguration(url: "redis://:secret@localhost/1")
        #expect(colon.username == nil && colon.password == "secret" && colon.database == 1)
        let bare = try RedisConfiguration(url: "redis://secret@localhost")
        #expect(bare.username == nil && bare.password == "secret")
    }

    @Test("IPv6 hosts in brackets")
    func ipv6() throws {
        let configuration = try RedisConfiguration(url: "redis://[::1]:7000/2")
        #expect(configuration.host == "::1" && configuration.port == 7000 && configuration.database == 2)
        #expect(configuration.address == "[::1]:7000")
        #expect(try RedisConfiguration(url: "redis://[fe80::1]").port == 6379)
    }

    @Test("rediss:// parses; an unreadable CA file is a clear TLS error before connecting")
    func tls() async throws {
        var configuration = try RedisConfiguration(url: "rediss://default:pw@127.0.0.1:6390")
        #expect(configuration.tls)
        configuration.tlsCAFile = "/nonexistent/ca.pem"
        await #expect(throws: RedisError.tlsFailed(reason: "the CA file /nonexistent/ca.pem cannot be read as PEM certificates")) {
            _ = try await RedisConnection.connect(configuration: configuration)
        }
    }

    static let bad: [(String, String)] = [
        ("http://localhost", "scheme"),
        ("localhost:6379", "scheme"),
        ("redis://", "host is missing"),
        ("redis://:pw@/0", "host is missing"),
        ("redis://host:0", "port"),
        ("redis://host:99999", "port"),
        ("redis://host:abc", "port"),
        ("redis://host/x", "database number"),
        ("redis://host/-1", "database number"),
        ("redis://[::1", "closing ]"),
        ("redis://[::1]x", "after the IPv6"),
        ("redis://u:%zz@host", "two hex digits"),
        ("redis://u:%ff@host", "not UTF-8"),
    ]

    @Test("bad URLs are rejected with the reason", arguments: bad)
    func badURLs(url: String, reason: String) {
        #expect {
            _ = try RedisConfiguration(url: url)
        } throws: { error in
            guard case .invalidURL(let message) = error as? RedisError else { return false }
            return message.contains(reason)
        }
    }

    @Test("the description never shows the password")
    func redacted() throws {
        let configuration = try RedisConfiguration(url: "redis://spool:hunter2@host:6380/4")
        #expect(configuration.description == "redis://spool:***@host:6380/4")
        #expect(!"\(configuration)".contains("hunter2"))
    }
}
