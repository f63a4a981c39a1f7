import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SpoolAPI
import SpoolCore
import Testing

@Suite("Authentication and tokens")
struct AuthTests {
    @Test("routes under /api answer 401 without a valid token")
    func unauthorized() async throws {
        let api = TestAPI()
        try await api.test { client in
            let missing = try await client.send(.get, "/api/jobs")
            #expect(missing.status == .unauthorized)
            #expect(missing.errorCode == "unauthorized")
            #expect(missing.headers[.wwwAuthenticate] == "Bearer")

            let garbage = try await client.send(.get, "/api/jobs", headers: [.authorization: "Bearer nope"])
            #expect(garbage.status == .unauthorized)

            let forged = "spl_0123456789abcdef_" + String(repeating: "A", count: 43)
            let unknown = try await client.send(.get, "/api/jobs", headers: [.authorization: "Bearer \(forged)"])
            #expect(unknown.status == .unauthorized)

            let queryToken = try await client.send(.get, "/api/jobs?token=\(forged)")
            #expect(queryToken.status == .unauthorized)
        }
    }

    @Test("login returns a session token that authenticates; logout ends it")
    func loginAndLogout() async throws {
        let api = TestAPI()
        try await createUser(auth: api.auth, username: "bob", password: "correct horse", role: .user, bcryptCost: 4)
        try await api.test { client in
            let login = try await client.send(.post, "/api/auth/login", json: #"{"username":"bob","password":"correct horse"}"#)
            #expect(login.status == .ok)
            let session = try login.decode(LoginResponse.self)
            #expect(session.user == UserDTO(User(username: "bob", passwordHash: "", role: .user)))
            #expect(session.token.hasPrefix("spl_"))
            #expect(session.expiresAt > Date().addingTimeInterval(6 * 24 * 3600))
            let bearer: HTTPFields = [.authorization: "Bearer \(session.token)"]

            #expect(try await client.send(.get, "/api/jobs", headers: bearer).status == .ok)
            let tokens = try await client.send(.get, "/api/tokens", headers: bearer).decode(TokenListResponse.self)
            #expect(tokens.tokens.map(\.kind) == [.session])

            #expect(try await client.send(.post, "/api/auth/logout", headers: bearer).status == .noContent)
            #expect(try await client.send(.get, "/api/jobs", headers: bearer).status == .unauthorized)
        }
    }

    @Test("wrong passwords and unknown users get the same 401")
    func badCredentials() async throws {
        let api = TestAPI()
        try await createUser(auth: api.auth, username: "bob", password: "correct horse", role: .user, bcryptCost: 4)
        try await api.test { client in
            let wrong = try await client.send(.post, "/api/auth/login", json: #"{"username":"bob","password":"battery staple"}"#)
            let unknown = try await client.send(.post, "/api/auth/login", json: #"{"username":"eve","password":"battery staple"}"#)
            #expect(wrong.status == .unauthorized)
            #expect(unknown.status == .unauthorized)
            #expect(wrong.text == unknown.text)

            let extra = try await client.send(.post, "/api/auth/login", json: #"{"username":"bob","password":"x","otp":"1"}"#)
            #expect(extra.status == .badRequest)
            #expect(extra.errorCode == "unknown_field")
        }
    }

    @Test("login attempts are rate limited per client and username")
    func loginRateLimit() async throws {
        let api = TestAPI { $0.loginRateLimit = RateLimit(limit: 3, per: .seconds(60)) }
        try await api.test { client in
            for _ in 0..<3 {
                let attempt = try await client.send(.post, "/api/auth/login", json: #"{"username":"bob","password":"guess-guess"}"#)
                #expect(attempt.status == .unauthorized)
            }
            let limited = try await client.send(.post, "/api/auth/login", json: #"{"username":"bob","password":"guess-guess"}"#)
            #expect(limited.status == .tooManyRequests)
            #expect(limited.errorCode == "rate_limited")
            #expect(Int(try #require(limited.headers[.retryAfter])) ?? 0 >= 1)

            let otherUser = try await client.send(.post, "/api/auth/login", json: #"{"username":"carol","password":"guess-guess"}"#)
            #expect(otherUser.status == .unauthorized)
        }
    }

    @Test("API tokens can be created, listed, used and revoked")
    func tokenLifecycle() async throws {
        let api = TestAPI()
        let bearer = try await api.bearer()
        try await api.test { client in
            let created = try await client.send(.post, "/api/tokens", headers: bearer, json: #"{"name":"laptop"}"#)
            #expect(created.status == .created)
            let token = try created.decode(CreateTokenResponse.self)
            #expect(token.name == "laptop")
            #expect(token.token.hasPrefix("spl_\(token.id)_"))
            let secret = try #require(token.token.split(separator: "_", maxSplits: 2).last)
            #expect(secret.count == 43)
            #expect(!(await api.auth.tokens(userID: 1)).contains { $0.secretHash.contains(secret) })

            let newBearer: HTTPFields = [.authorization: "Bearer \(token.token)"]
            let list = try await client.send(.get, "/api/tokens", headers: newBearer)
            let listed = try list.decode(TokenListResponse.self)
            #expect(listed.tokens.contains { $0.id == token.id && $0.name == "laptop" && $0.kind == .api })
            #expect(!list.text.contains(token.token))
            let first = try #require((try list.object()["tokens"] as? [[String: Any]])?.first)
            #expect(Set(first.keys) == ["id", "name", "kind", "createdAt", "expiresAt", "lastUsedAt"])

            #expect(try await client.send(.delete, "/api/tokens/\(token.id)", headers: bearer).status == .noContent)
            #expect(try await client.send(.get, "/api/jobs", headers: newBearer).status == .unauthorized)
            let again = try await client.send(.delete, "/api/tokens/\(token.id)", headers: bearer)
            #expect(again.status == .notFound)
            #expect(again.errorCode == "not_found")

            let unnamed = try await client.send(.post, "/api/tokens", headers: bearer, json: #"{"name":""}"#)
            #expect(unnamed.errorCode == "invalid_input")
        }
    }

    @Test("users cannot revoke other users' tokens")
    func revokeOthersToken() async throws {
        let api = TestAPI()
        let alice = try await api.bearer("alice")
        let bob = try await api.bearer("bob")
        let bobsTokens = await api.auth.tokens(userID: 2)
        let bobsToken = try #require(bobsTokens.first)
        try await api.test { client in
            let revoke = try await client.send(.delete, "/api/tokens/\(bobsToken.id)", headers: alice)
            #expect(revoke.status == .notFound)
            let stillValid = try await client.send(.get, "/api/jobs", headers: bob)
            #expect(stillValid.status == .ok)
        }
    }

    @Test("viewers may read jobs but not change them")
    func viewerIsReadOnly() async throws {
        let api = TestAPI()
        let viewer = try await api.bearer("vera", role: .viewer)
        let job = try await api.addJob()
        try await api.test { client in
            #expect(try await client.send(.get, "/api/jobs", headers: viewer).status == .ok)
            #expect(try await client.send(.get, "/api/jobs/\(job.id)", headers: viewer).status == .ok)
            let create = try await client.send(.post, "/api/jobs", headers: viewer, json: #"{"url":"https://example.com/a"}"#)
            #expect(create.status == .forbidden)
            #expect(create.errorCode == "forbidden")
            #expect(try await client.send(.post, "/api/jobs/\(job.id)/pause", headers: viewer).status == .forbidden)
            #expect(try await client.send(.delete, "/api/jobs/\(job.id)", headers: viewer).status == .forbidden)
        }
        #expect(await api.store.job(job.id)?.state == .queued)
    }

    @Test("bootstrapAdmin creates one admin with a generated password, once")
    func bootstrap() async throws {
        let auth = MemoryAuthStore()
        let logger = Logger(label: "test")
        let password = try #require(try await bootstrapAdmin(auth: auth, password: nil, logger: logger, bcryptCost: 4))
        #expect(password.count >= 16)
        let admin = try #require(await auth.user(named: "admin"))
        #expect(admin.role == .admin)
        #expect(admin.passwordHash.hasPrefix("$2"))
        #expect(!admin.passwordHash.contains(password))
        #expect(try await bootstrapAdmin(auth: auth, password: nil, logger: logger, bcryptCost: 4) == nil)
        #expect(await auth.userCount() == 1)

        let explicit = MemoryAuthStore()
        #expect(try await bootstrapAdmin(auth: explicit, password: "from-the-environment", logger: logger, bcryptCost: 4) == nil)
        #expect(await explicit.user(named: "admin") != nil)
        await #expect(throws: SpoolError.self) {
            try await bootstrapAdmin(auth: MemoryAuthStore(), password: "short", logger: logger, bcryptCost: 4)
        }
    }

    @Test("createAPIToken issues a working token for an existing user only")
    func localTokens() async throws {
        let api = TestAPI()
        try await createUser(auth: api.auth, username: "ops", password: "long enough", role: .admin, bcryptCost: 4)
        let token = try await createAPIToken(auth: api.auth, username: "ops", name: "cron")
        await #expect(throws: SpoolError.self) {
            try await createAPIToken(auth: api.auth, username: "nobody", name: "cron")
        }
        await #expect(throws: SpoolError.self) {
            try await createUser(auth: api.auth, username: "ops", password: "long enough", role: .user, bcryptCost: 4)
        }
        try await api.test { client in
            let response = try await client.send(.get, "/api/queue", headers: [.authorization: "Bearer \(token)"])
            #expect(response.status == .ok)
        }
    }
}
