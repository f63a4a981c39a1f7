import Foundation
import SpoolCore
import Testing

/// The conformance suite every ``AuthStore`` passes: users, unique names, live and expired
/// tokens, ownership on revocation, logout and last use; user changes, disabling and the last
/// enabled admin (``userChecks``).
///
/// The factory must return an empty store for each call.
public enum AuthStoreConformance {
    /// Makes an empty store for one check.
    public typealias Factory = @Sendable () async throws -> any AuthStore

    /// Every check, for a parameterized test.
    public static let checks: [ConformanceCheck<Factory>] = [
        .init("createsAndFindsUsers", createsAndFindsUsers),
        .init("rejectsADuplicateUsername", rejectsADuplicateUsername),
        .init("findsOnlyLiveTokens", findsOnlyLiveTokens),
        .init("listsAndRevokesTokensByOwner", listsAndRevokesTokensByOwner),
        .init("recordsTheLastUseOfAToken", recordsTheLastUseOfAToken),
    ] + userChecks

    /// A created user gets an id and is found by name and by id.
    public static func createsAndFindsUsers(_ makeStore: Factory) async throws {
        let store = try await makeStore()
        #expect(try await store.userCount() == 0)
        let alice = try await store.createUser(User(username: "alice", passwordHash: "$2b$12$hash", role: .admin, createdAt: Date(timeIntervalSince1970: 1_750_000_000.5)))
        let bob = try await store.createUser(User(username: "bob", passwordHash: "$2b$12$other", role: .viewer))
        #expect(alice.id > 0 && bob.id > 0 && alice.id != bob.id)
        #expect(alice.username == "alice" && alice.role == .admin && alice.passwordHash == "$2b$12$hash")
        #expect(try await store.user(named: "alice") == alice)
        #expect(try await store.user(id: bob.id)?.username == "bob")
        #expect(try await store.user(id: bob.id)?.role == .viewer)
        #expect(try await store.user(named: "carol") == nil)
        #expect(try await store.user(id: 999_999) == nil)
        #expect(try await store.userCount() == 2)
    }

    /// A taken username is a conflict.
    public static func rejectsADuplicateUsername(_ makeStore: Factory) async throws {
        let store = try await makeStore()
        _ = try await store.createUser(User(username: "alice", passwordHash: "x", role: .user))
        let error = await #expect(throws: SpoolError.self) {
            try await store.createUser(User(username: "alice", passwordHash: "y", role: .admin))
        }
        #expect(error?.code == .conflict)
        #expect(try await store.userCount() == 1)
        #expect(try await store.user(named: "alice")?.role == .user)
    }

    /// A token is found by its secret hash with its user until it expires.
    public static func findsOnlyLiveTokens(_ makeStore: Factory) async throws {
        let store = try await makeStore()
        let user = try await store.createUser(User(username: "alice", passwordHash: "x", role: .user))
        let now = Date()
        let session = APIToken(id: "s1", userID: user.id, name: "login", kind: .session, secretHash: "hash-s1", createdAt: now, expiresAt: now.addingTimeInterval(3600))
        let api = APIToken(id: "a1", userID: user.id, name: "cli", kind: .api, secretHash: "hash-a1", createdAt: now)
        let expired = APIToken(id: "e1", userID: user.id, name: "old", kind: .session, secretHash: "hash-e1", createdAt: now.addingTimeInterval(-7200), expiresAt: now.addingTimeInterval(-1))
        for token in [session, api, expired] {
            try await store.insertToken(token)
        }

        let found = try #require(try await store.token(secretHash: "hash-s1", now: now))
        #expect(found.0.id == "s1" && found.0.kind == .session && found.1 == user)
        #expect(ConformanceSupport.close(found.0.expiresAt, session.expiresAt))
        #expect(try await store.token(secretHash: "hash-a1", now: now.addingTimeInterval(86_400 * 365))?.0.id == "a1", "API tokens do not expire")
        #expect(try await store.token(secretHash: "hash-e1", now: now) == nil, "expired tokens are not returned")
        #expect(try await store.token(secretHash: "hash-s1", now: now.addingTimeInterval(3601)) == nil)
        #expect(try await store.token(secretHash: "unknown", now: now) == nil)
    }

    /// Users list their own tokens; revoking by id respects ownership unless done by an admin
    /// (nil owner); logout deletes by secret hash.
    public static func listsAndRevokesTokensByOwner(_ makeStore: Factory) async throws {
        let store = try await makeStore()
        let alice = try await store.createUser(User(username: "alice", passwordHash: "x", role: .user))
        let bob = try await store.createUser(User(username: "bob", passwordHash: "x", role: .user))
        for (id, owner) in [("a1", alice), ("a2", alice), ("b1", bob)] {
            try await store.insertToken(APIToken(id: id, userID: owner.id, name: id, kind: .api, secretHash: "hash-\(id)"))
        }
        #expect(Set(try await store.tokens(userID: alice.id).map(\.id)) == ["a1", "a2"])
        #expect(try await store.tokens(userID: bob.id).map(\.id) == ["b1"])

        #expect(try await store.deleteToken(id: "b1", userID: alice.id) == false, "users cannot revoke others' tokens")
        #expect(try await store.tokens(userID: bob.id).count == 1)
        #expect(try await store.deleteToken(id: "a1", userID: alice.id))
        #expect(try await store.deleteToken(id: "b1", userID: nil), "an admin revokes any token")
        #expect(try await store.deleteToken(id: "b1", userID: nil) == false)
        try await store.deleteToken(secretHash: "hash-a2")
        try await store.deleteToken(secretHash: "hash-a2")
        #expect(try await store.tokens(userID: alice.id).isEmpty)
        #expect(try await store.token(secretHash: "hash-a2", now: Date()) == nil)
    }

    /// `touchToken` records when a token was last used.
    public static func recordsTheLastUseOfAToken(_ makeStore: Factory) async throws {
        let store = try await makeStore()
        let user = try await store.createUser(User(username: "alice", passwordHash: "x", role: .user))
        try await store.insertToken(APIToken(id: "a1", userID: user.id, name: "cli", kind: .api, secretHash: "hash-a1"))
        #expect(try await store.tokens(userID: user.id).first?.lastUsedAt == nil)
        let used = Date().addingTimeInterval(5)
        try await store.touchToken(id: "a1", at: used)
        #expect(ConformanceSupport.close(try await store.tokens(userID: user.id).first?.lastUsedAt, used))
        #expect(ConformanceSupport.close(try await store.token(secretHash: "hash-a1", now: Date())?.0.lastUsedAt, used))
    }
}
