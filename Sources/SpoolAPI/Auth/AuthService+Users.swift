import Foundation
import SpoolCore

extension AuthService {
    /// Changes a user's role and disabled flag; disabling ends its sessions and tokens at once
    /// (in the store and in this process's token cache).
    ///
    /// - Throws: `not_found` for an unknown user; `conflict` when no enabled administrator would remain.
    func updateUser(id: Int64, role: Role?, disabled: Bool?) async throws -> User {
        guard var user = try await store.user(id: id) else { throw SpoolError(.notFound, "user \(id) does not exist") }
        if let role { user.role = role }
        if let disabled { user.disabled = disabled }
        let updated = try await store.updateUser(user)
        // Role changes too: the cache must not keep serving the old role.
        cache.remove(userID: id)
        return updated
    }

    /// Sets a user's password and signs it out everywhere but `keepingToken` (the caller's own
    /// token, when it changes its own password).
    ///
    /// - Throws: `invalid_input` for a password shorter than 8 characters; `not_found` for an unknown user.
    func setPassword(userID: Int64, password: String, keepingToken: String?) async throws {
        try PasswordHasher.validate(password)
        guard var user = try await store.user(id: userID) else { throw SpoolError(.notFound, "user \(userID) does not exist") }
        user.passwordHash = try await hasher.hash(password)
        _ = try await store.updateUser(user)
        _ = try await store.deleteTokens(userID: userID, except: keepingToken)
        cache.remove(userID: userID, except: keepingToken)
    }

    /// Whether `password` is the user's current password.
    func checkPassword(_ password: String, of user: User) async throws -> Bool {
        try await hasher.verify(password, hash: user.passwordHash)
    }

    /// Deletes a user and its tokens.
    ///
    /// - Throws: `not_found` for an unknown user; `conflict` for the last enabled administrator.
    func deleteUser(id: Int64) async throws {
        guard try await store.deleteUser(id: id) else { throw SpoolError(.notFound, "user \(id) does not exist") }
        cache.remove(userID: id)
    }
}
