import Foundation
import SpoolCore

/// A simple in-memory ``AuthStore`` for API tests.
actor MemoryAuthStore: AuthStore {
    private var byID: [Int64: User] = [:]
    private var tokens: [String: APIToken] = [:]
    private var nextUserID: Int64 = 1

    func createUser(_ user: User) throws -> User {
        guard !byID.values.contains(where: { $0.username == user.username }) else {
            throw SpoolError(.conflict, "user \(user.username) exists")
        }
        var user = user
        user.id = nextUserID
        nextUserID += 1
        byID[user.id] = user
        return user
    }

    func user(named username: String) -> User? { byID.values.first { $0.username == username } }

    func user(id: Int64) -> User? { byID[id] }

    func userCount() -> Int { byID.count }

    func insertToken(_ token: APIToken) { tokens[token.id] = token }

    func token(secretHash: String, now: Date) -> (APIToken, User)? {
        guard let token = tokens.values.first(where: { $0.secretHash == secretHash }),
              token.expiresAt.map({ $0 > now }) ?? true,
              let user = byID[token.userID]
        else { return nil }
        return (token, user)
    }

    func tokens(userID: Int64) -> [APIToken] { tokens.values.filter { $0.userID == userID } }

    func deleteToken(id: String, userID: Int64?) -> Bool {
        guard let token = tokens[id], userID.map({ $0 == token.userID }) ?? true else { return false }
        tokens[id] = nil
        return true
    }

    func deleteToken(secretHash: String) {
        tokens = tokens.filter { $0.value.secretHash != secretHash }
    }

    func touchToken(id: String, at date: Date) { tokens[id]?.lastUsedAt = date }

    func users() -> [User] { byID.values.sorted { $0.id < $1.id } }

    func updateUser(_ user: User) throws -> User {
        guard var stored = byID[user.id] else { throw SpoolError(.notFound, "user \(user.id) does not exist") }
        if stored.isEnabledAdmin, !user.isEnabledAdmin, !byID.values.contains(where: { $0.id != user.id && $0.isEnabledAdmin }) {
            throw SpoolError(.conflict, "\(stored.username) is the last enabled administrator")
        }
        stored.role = user.role
        stored.passwordHash = user.passwordHash
        stored.disabled = user.disabled
        byID[user.id] = stored
        if stored.disabled { tokens = tokens.filter { $0.value.userID != user.id } }
        return stored
    }

    func deleteUser(id: Int64) throws -> Bool {
        guard let stored = byID[id] else { return false }
        if stored.isEnabledAdmin, !byID.values.contains(where: { $0.id != id && $0.isEnabledAdmin }) {
            throw SpoolError(.conflict, "\(stored.username) is the last enabled administrator")
        }
        byID[id] = nil
        tokens = tokens.filter { $0.value.userID != id }
        return true
    }

    func deleteTokens(userID: Int64, except: String?) -> [String] {
        let doomed = tokens.values.filter { $0.userID == userID && $0.id != except }.map(\.id)
        for id in doomed { tokens[id] = nil }
        return doomed
    }
}
