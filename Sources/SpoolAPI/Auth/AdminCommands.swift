import Logging
import SpoolCore

/// Creates the first administrator when there are no users yet.
///
/// Uses `password` (from `SPOOL_ADMIN_PASSWORD`) when given; otherwise generates one and returns
/// it so the caller can print it once. Returns nil when users already exist or `password` was used.
///
/// - Parameters:
///   - auth: The user store.
///   - password: The administrator's password, or nil to generate one.
///   - logger: Where the creation is logged (never the password).
///   - bcryptCost: bcrypt cost of the hash.
/// - Returns: The generated password, if one was generated.
/// - Throws: `invalid_input` for a password shorter than 8 characters; store errors.
public func bootstrapAdmin(auth: any AuthStore, password: String?, logger: Logger, bcryptCost: UInt8 = 10) async throws -> String? {
    guard try await auth.userCount() == 0 else { return nil }
    let generated = password == nil ? generatePassword() : nil
    let service = AuthService(store: auth, hasher: PasswordHasher(cost: bcryptCost), sessionTTL: .zero)
    _ = try await service.createUser(username: "admin", password: password ?? generated!, role: .admin)
    logger.notice("created the first user", metadata: ["user.name": "admin", "user.role": "admin", "password.generated": "\(generated != nil)"])
    return generated
}

/// Adds a user (`spool user add`).
///
/// - Throws: `invalid_input` for a bad name or a password shorter than 8 characters; `conflict`
///   when the name is taken.
@discardableResult
public func createUser(auth: any AuthStore, username: String, password: String, role: Role, bcryptCost: UInt8 = 10) async throws -> User {
    let service = AuthService(store: auth, hasher: PasswordHasher(cost: bcryptCost), sessionTTL: .zero)
    return try await service.createUser(username: username, password: password, role: role)
}

/// Creates an API token for a user directly in the store (`spool token create --local`).
///
/// - Returns: The bearer token `spl_<id>_<secret>`; it is not stored and cannot be shown again.
/// - Throws: `not_found` when the user does not exist.
public func createAPIToken(auth: any AuthStore, username: String, name: String) async throws -> String {
    guard let user = try await auth.user(named: username) else {
        throw SpoolError(.notFound, "user \(username) does not exist")
    }
    let service = AuthService(store: auth, hasher: PasswordHasher(cost: PasswordHasher.defaultCost), sessionTTL: .zero)
    return try await service.issueToken(for: user, name: name, kind: .api).token
}

/// A random 20-character password from an alphabet without look-alike characters.
private func generatePassword() -> String {
    let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
    var generator = SystemRandomNumberGenerator()
    return String((0..<20).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
}
