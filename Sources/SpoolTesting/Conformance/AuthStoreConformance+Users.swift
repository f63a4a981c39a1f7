import Foundation
import SpoolCore
import Testing

extension AuthStoreConformance {
    /// The user-management checks, part of ``checks``.
    static let userChecks: [ConformanceCheck<Factory>] = [
        .init("updatesAndDisablesUsers", updatesAndDisablesUsers),
        .init("keepsTheLastEnabledAdmin", keepsTheLastEnabledAdmin),
        .init("deletesUsersAndTokens", deletesUsersAndTokens),
    ]

    /// Role, password hash and disabled are written; disabling deletes the user's tokens; the
    /// users are listed by id.
    public static func updatesAndDisablesUsers(_ makeStore: Factory) async throws {
        let store = try await makeStore()
        let admin = try await store.createUser(User(username: "root", passwordHash: "x", role: .admin))
        var alice = try await store.createUser(User(username: "alice", passwordHash: "old", role: .user))
        #expect(alice.disabled == false)
        try await store.insertToken(APIToken(id: "a1", userID: alice.id, name: "cli", kind: .api, secretHash: "hash-a1"))
        try await store.insertToken(APIToken(id: "a2", userID: alice.id, name: "cli", kind: .api, secretHash: "hash-a2"))
        #expect(try await store.users().map(\.username) == ["root", "alice"])

        alice.role = .viewer
        alice.passwordHash = "new"
        alice.username = "ignored"
        let changed = try await store.updateUser(alice)
        #expect(changed.username == "alice" && changed.role == .viewer && changed.passwordHash == "new" && !changed.disabled)
        #expect(try await store.tokens(userID: alice.id).count == 2, "a role change keeps the tokens")

        #expect(try await store.deleteTokens(userID: alice.id, except: "a2") == ["a1"])
        #expect(try await store.tokens(userID: alice.id).map(\.id) == ["a2"])

        alice.disabled = true
        #expect(try await store.updateUser(alice).disabled)
        #expect(try await store.user(named: "alice")?.disabled == true)
        #expect(try await store.tokens(userID: alice.id).isEmpty, "disabling deletes the tokens")
        #expect(try await store.token(secretHash: "hash-a2", now: Date()) == nil)
        alice.disabled = false
        #expect(try await store.updateUser(alice).disabled == false)
        #expect(try await store.user(id: admin.id)?.role == .admin)

        let missing = await #expect(throws: SpoolError.self) {
            try await store.updateUser(User(id: 999_999, username: "nobody", passwordHash: "x", role: .user))
        }
        #expect(missing?.code == .notFound)
    }

    /// The last enabled admin cannot be demoted or disabled; with a second one it can.
    public static func keepsTheLastEnabledAdmin(_ makeStore: Factory) async throws {
        let store = try await makeStore()
        var root = try await store.createUser(User(username: "root", passwordHash: "x", role: .admin))
        var demoted = root
        demoted.role = .user
        #expect((await #expect(throws: SpoolError.self) { try await store.updateUser(demoted) })?.code == .conflict)
        var disabled = root
        disabled.disabled = true
        #expect((await #expect(throws: SpoolError.self) { try await store.updateUser(disabled) })?.code == .conflict)
        #expect((await #expect(throws: SpoolError.self) { try await store.deleteUser(id: root.id) })?.code == .conflict)
        #expect(try await store.user(id: root.id)?.isEnabledAdmin == true)

        var second = try await store.createUser(User(username: "second", passwordHash: "x", role: .admin, disabled: true))
        #expect((await #expect(throws: SpoolError.self) { try await store.updateUser(demoted) })?.code == .conflict, "a disabled admin does not count")
        second.disabled = false
        _ = try await store.updateUser(second)
        root = try await store.updateUser(demoted)
        #expect(root.role == .user)
        second.role = .viewer
        #expect((await #expect(throws: SpoolError.self) { try await store.updateUser(second) })?.code == .conflict)
    }

    /// Deleting a user deletes its tokens; an unknown id answers false.
    public static func deletesUsersAndTokens(_ makeStore: Factory) async throws {
        let store = try await makeStore()
        _ = try await store.createUser(User(username: "root", passwordHash: "x", role: .admin))
        let alice = try await store.createUser(User(username: "alice", passwordHash: "x", role: .user))
        try await store.insertToken(APIToken(id: "a1", userID: alice.id, name: "cli", kind: .api, secretHash: "hash-a1"))
        #expect(try await store.deleteUser(id: alice.id))
        #expect(try await store.user(id: alice.id) == nil)
        #expect(try await store.token(secretHash: "hash-a1", now: Date()) == nil)
        #expect(try await store.deleteUser(id: alice.id) == false)
        #expect(try await store.userCount() == 1)
    }
}
