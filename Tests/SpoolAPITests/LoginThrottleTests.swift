import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import SpoolAPI
import SpoolCore
import Testing

@Suite("Login throttling: per client address and per user name at an address")
struct LoginThrottleTests {
    /// A live API behind a trusted proxy on 127.0.0.1, so `X-Forwarded-For` names the client.
    static func api(perAddress: Int = 5, perUser: Int = 3) -> TestAPI {
        TestAPI {
            $0.loginAddressRateLimit = RateLimit(limit: perAddress, per: .seconds(600))
            $0.loginRateLimit = RateLimit(limit: perUser, per: .seconds(600))
            $0.trustedProxies = ["127.0.0.1"]
        }
    }

    static func login(_ client: any TestClientProtocol, _ user: String, _ password: String, from address: String? = nil) async throws -> TestResponse {
        var headers = HTTPFields()
        if let address { headers[.xForwardedFor] = address }
        return try await client.send(.post, "/api/auth/login", headers: headers, json: #"{"username":"\#(user)","password":"\#(password)"}"#)
    }

    @Test("many user names from one address are throttled; other addresses are not")
    func manyNamesFromOneAddress() async throws {
        let api = Self.api()
        try await api.testLive { (client, _) async throws in
            for index in 0..<5 {
                let attempt = try await Self.login(client, "user\(index)", "guess-guess", from: "203.0.113.5")
                #expect(attempt.status == .unauthorized)
            }
            let limited = try await Self.login(client, "user99", "guess-guess", from: "203.0.113.5")
            #expect(limited.status == .tooManyRequests)
            #expect(limited.errorCode == "rate_limited")
            #expect(Int(try #require(limited.headers[.retryAfter])) ?? 0 >= 1)

            let elsewhere = try await Self.login(client, "user99", "guess-guess", from: "198.51.100.7")
            #expect(elsewhere.status == .unauthorized, "another address has its own budget")
        }
    }

    @Test("a user locked out at one address logs in from another; the lock-out holds at the first")
    func lockedOutUserLogsInElsewhere() async throws {
        let api = Self.api()
        try await createUser(auth: api.auth, username: "bob", password: "correct horse", role: .user, bcryptCost: 4)
        try await api.testLive { (client, _) async throws in
            for _ in 0..<3 {
                #expect(try await Self.login(client, "bob", "wrong-guess", from: "203.0.113.5").status == .unauthorized)
            }
            let locked = try await Self.login(client, "bob", "wrong-guess", from: "203.0.113.5")
            #expect(locked.status == .tooManyRequests)

            let fromHome = try await Self.login(client, "bob", "correct horse", from: "198.51.100.7")
            #expect(fromHome.status == .ok, "the right password from another address is never refused")
            #expect(try await Self.login(client, "bob", "correct horse", from: "203.0.113.5").status == .tooManyRequests)
        }
    }

    @Test("logins with the right password do not spend the budget")
    func successesAreFree() async throws {
        let api = Self.api(perAddress: 3, perUser: 3)
        try await createUser(auth: api.auth, username: "carol", password: "correct horse", role: .user, bcryptCost: 4)
        try await api.testLive { (client, _) async throws in
            for _ in 0..<2 {
                #expect(try await Self.login(client, "carol", "typo", from: "192.0.2.1").status == .unauthorized)
            }
            for _ in 0..<6 {
                #expect(try await Self.login(client, "carol", "correct horse", from: "192.0.2.1").status == .ok)
            }
            #expect(try await Self.login(client, "carol", "typo", from: "192.0.2.1").status == .unauthorized)
            #expect(try await Self.login(client, "carol", "typo", from: "192.0.2.1").status == .tooManyRequests)
        }
    }

    @Test("X-Forwarded-For from a peer that is not a trusted proxy is ignored")
    func untrustedForwardedFor() async throws {
        let api = TestAPI {
            $0.loginAddressRateLimit = RateLimit(limit: 4, per: .seconds(600))
            $0.loginRateLimit = RateLimit(limit: 4, per: .seconds(600))
        }
        try await api.testLive { (client, _) async throws in
            for index in 0..<4 {
                #expect(try await Self.login(client, "name\(index)", "guess-guess", from: "10.9.8.\(index)").status == .unauthorized)
            }
            #expect(try await Self.login(client, "name9", "guess-guess", from: "10.9.8.9").status == .tooManyRequests)
        }
    }

    @Test("two loopback addresses (127.0.0.1 and 127.0.0.2) are two clients, with curl")
    func twoLoopbackAddresses() async throws {
        let api = TestAPI {
            $0.loginAddressRateLimit = RateLimit(limit: 3, per: .seconds(600))
            $0.loginRateLimit = RateLimit(limit: 3, per: .seconds(600))
        }
        try await createUser(auth: api.auth, username: "dave", password: "correct horse", role: .user, bcryptCost: 4)
        try await api.testLive { (_, port) async throws in
            func login(_ password: String, from address: String) async throws -> Curl.Result {
                try await Curl.run([
                    "--interface", address, "-H", "Content-Type: application/json",
                    "-d", #"{"username":"dave","password":"\#(password)"}"#, "http://127.0.0.1:\(port)/api/auth/login",
                ])
            }
            for _ in 0..<3 {
                #expect(try await login("wrong", from: "127.0.0.2").status == 401)
            }
            let locked = try await login("correct horse", from: "127.0.0.2")
            #expect(locked.status == 429)
            #expect(locked.text.contains("rate_limited"))
            #expect(try await login("correct horse", from: "127.0.0.1").status == 200)
        }
    }

    @Test("the client address: the peer, or the rightmost untrusted X-Forwarded-For hop behind trusted proxies")
    func clientAddress() throws {
        let resolver = try ClientAddressResolver(trustedProxies: ["10.0.0.0/8", "fd00::/8", "127.0.0.1"])
        var headers = HTTPFields()
        headers[.xForwardedFor] = "6.6.6.6, 198.51.100.7, 10.1.2.3"
        #expect(resolver.client(peer: "10.0.0.2", headers: headers) == "198.51.100.7", "a spoofed leftmost hop is never reached")
        #expect(resolver.client(peer: "192.0.2.50", headers: headers) == "192.0.2.50", "an untrusted peer is the client")
        #expect(resolver.client(peer: "10.0.0.2", headers: [:]) == "10.0.0.2")
        headers[.xForwardedFor] = "[2001:db8::1]:4711"
        #expect(resolver.client(peer: "fd12::1", headers: headers) == "2001:db8::1")
        headers[.xForwardedFor] = "not-an-address"
        #expect(resolver.client(peer: "127.0.0.1", headers: headers) == "127.0.0.1")
        #expect(resolver.isTrusted("::ffff:10.4.5.6"))
        #expect(!resolver.isTrusted("11.0.0.1"))
        #expect(throws: IPAddressRange.ParseError.self) { try ClientAddressResolver(trustedProxies: ["10.0.0.0/33"]) }
        #expect(throws: IPAddressRange.ParseError.self) { try ClientAddressResolver(trustedProxies: ["proxy.lan"]) }
    }
}
