import Foundation
import Hummingbird
import HummingbirdTesting
import SpoolAPI
import SpoolAPIModels
import SpoolCore
import Testing

@Suite("User management routes")
struct UserRouteTests {
    @Test("admins list, create, show, change and delete users; others get 403")
    func crud() async throws {
        let api = TestAPI()
        let admin = try await api.bearer("root", role: .admin)
        let user = try await api.bearer("alice", role: .user)
        try await api.test { client in
            #expect(try await client.send(.get, "/api/users", headers: user).status == .forbidden)
            #expect(try await client.send(.post, "/api/users", headers: user, json: #"{"username":"eve","password":"12345678"}"#).status == .forbidden)

            let created = try await client.send(.post, "/api/users", headers: admin, json: #"{"username":"carol","password":"carol-secret","role":"viewer"}"#)
            #expect(created.status == .created)
            let carol = try created.decode(UserAccountDTO.self)
            #expect(carol.username == "carol" && carol.role == .viewer && !carol.disabled && carol.id > 0)
            #expect(!created.text.contains("carol-secret") && !created.text.contains("passwordHash"))

            let list = try await client.send(.get, "/api/users", headers: admin).decode(UserListResponse.self)
            #expect(list.users.map(\.username) == ["root", "alice", "carol"])
            #expect(try await client.send(.get, "/api/users/\(carol.id)", headers: admin).decode(UserAccountDTO.self) == carol)

            let promoted = try await client.send(.patch, "/api/users/\(carol.id)", headers: admin, json: #"{"role":"user"}"#).decode(UserAccountDTO.self)
            #expect(promoted.role == .user)

            #expect(try await client.send(.post, "/api/users", headers: admin, json: #"{"username":"carol","password":"carol-secret"}"#).status == .conflict)
            #expect(try await client.send(.post, "/api/users", headers: admin, json: #"{"username":"dave","password":"short"}"#).errorCode == "invalid_input")
            #expect(try await client.send(.post, "/api/users", headers: admin, json: #"{"username":"dave","password":"long-enough","role":"boss"}"#).errorCode == "invalid_input")
            #expect(try await client.send(.patch, "/api/users/\(carol.id)", headers: admin, json: #"{"name":"x"}"#).errorCode == "unknown_field")
            #expect(try await client.send(.get, "/api/users/999", headers: admin).status == .notFound)
            #expect(try await client.send(.get, "/api/users/abc", headers: admin).status == .notFound)

            #expect(try await client.send(.delete, "/api/users/\(carol.id)", headers: admin).status == .noContent)
            #expect(try await client.send(.delete, "/api/users/\(carol.id)", headers: admin).status == .notFound)
            #expect(await api.auth.user(named: "carol") == nil)
        }
    }

    @Test("the last enabled admin cannot be demoted, disabled or deleted (409)")
    func lastAdmin() async throws {
        let api = TestAPI()
        let admin = try await api.bearer("root", role: .admin)
        let root = try #require(await api.auth.user(named: "root"))
        try await api.test { client in
            let calls: [(HTTPRequest.Method, String?)] = [(.patch, #"{"role":"user"}"#), (.patch, #"{"disabled":true}"#), (.delete, nil)]
            for (method, body) in calls {
                let response = try await client.send(method, "/api/users/\(root.id)", headers: admin, json: body)
                #expect(response.status == .conflict, "\(method) \(body ?? "")")
                #expect(response.errorCode == "conflict")
            }
            #expect(await api.auth.user(id: root.id)?.isEnabledAdmin == true)

            let second = try await client.send(.post, "/api/users", headers: admin, json: #"{"username":"second","password":"second-admin","role":"admin"}"#)
                .decode(UserAccountDTO.self)
            #expect(try await client.send(.patch, "/api/users/\(root.id)", headers: admin, json: #"{"role":"user"}"#).status == .ok)
            // root is a user now; its token no longer carries admin rights.
            #expect(try await client.send(.get, "/api/users", headers: admin).status == .forbidden)
            #expect(second.role == .admin)
        }
    }

    @Test("disabling a user refuses its tokens at once and its logins")
    func disable() async throws {
        let api = TestAPI()
        let admin = try await api.bearer("root", role: .admin)
        try await createUser(auth: api.auth, username: "bob", password: "bob-password", role: .user, bcryptCost: 4)
        let bob = try #require(await api.auth.user(named: "bob"))
        try await api.test { client in
            let login = try await client.send(.post, "/api/auth/login", json: #"{"username":"bob","password":"bob-password"}"#)
            let session: HTTPFields = [.authorization: "Bearer \(try login.decode(LoginResponse.self).token)"]
            // Authenticated once, so the token is in the token cache.
            #expect(try await client.send(.get, "/api/jobs", headers: session).status == .ok)

            let disabled = try await client.send(.patch, "/api/users/\(bob.id)", headers: admin, json: #"{"disabled":true}"#).decode(UserAccountDTO.self)
            #expect(disabled.disabled)
            #expect(try await client.send(.get, "/api/jobs", headers: session).status == .unauthorized)
            let again = try await client.send(.post, "/api/auth/login", json: #"{"username":"bob","password":"bob-password"}"#)
            #expect(again.status == .forbidden)
            #expect(await api.auth.tokens(userID: bob.id).isEmpty)

            #expect(try await client.send(.patch, "/api/users/\(bob.id)", headers: admin, json: #"{"disabled":false}"#).status == .ok)
            #expect(try await client.send(.post, "/api/auth/login", json: #"{"username":"bob","password":"bob-password"}"#).status == .ok)
        }
    }

    @Test("users change their own password with the current one; a reset ends the other sessions")
    func passwords() async throws {
        let api = TestAPI()
        let admin = try await api.bearer("root", role: .admin)
        try await createUser(auth: api.auth, username: "bob", password: "bob-password", role: .user, bcryptCost: 4)
        let bob = try #require(await api.auth.user(named: "bob"))
        try await api.test { client in
            func login(_ password: String) async throws -> HTTPFields? {
                let response = try await client.send(.post, "/api/auth/login", json: #"{"username":"bob","password":"\#(password)"}"#)
                guard response.status == .ok else { return nil }
                return [.authorization: "Bearer \(try response.decode(LoginResponse.self).token)"]
            }
            let first = try #require(try await login("bob-password"))
            let second = try #require(try await login("bob-password"))
            #expect(try await client.send(.get, "/api/jobs", headers: second).status == .ok)

            let root = try #require(await api.auth.user(named: "root"))
            // Another user's id does not exist for a non-admin.
            #expect(try await client.send(.post, "/api/users/\(root.id)/password", headers: first, json: #"{"password":"hijacked-1"}"#).status == .notFound)
            let wrong = try await client.send(.post, "/api/users/\(bob.id)/password", headers: first, json: #"{"password":"bob-password-2","currentPassword":"nope-nope"}"#)
            #expect(wrong.status == .forbidden)
            #expect(try await client.send(.post, "/api/users/\(bob.id)/password", headers: first, json: #"{"password":"bob-password-2"}"#).status == .forbidden)

            let changed = try await client.send(
                .post, "/api/users/\(bob.id)/password", headers: first, json: #"{"password":"bob-password-2","currentPassword":"bob-password"}"#
            )
            #expect(changed.status == .noContent)
            #expect(try await client.send(.get, "/api/jobs", headers: first).status == .ok, "the caller's own session stays")
            #expect(try await client.send(.get, "/api/jobs", headers: second).status == .unauthorized, "other sessions end at once")
            #expect(try await login("bob-password") == nil)

            #expect(try await client.send(.post, "/api/users/\(bob.id)/password", headers: admin, json: #"{"password":"reset-by-admin"}"#).status == .noContent)
            #expect(try await client.send(.get, "/api/jobs", headers: first).status == .unauthorized, "a reset ends every session")
            #expect(try await login("reset-by-admin") != nil)
        }
    }
}
