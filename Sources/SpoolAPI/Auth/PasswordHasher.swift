import HummingbirdBcrypt
import NIOPosix
import SpoolCore

/// bcrypt hashing and verification, run on NIO's thread pool so slow hashing never blocks the
/// cooperative executor.
struct PasswordHasher: Sendable {
    /// Default bcrypt cost.
    static let defaultCost: UInt8 = 10
    /// Shortest accepted password.
    static let minimumLength = 8

    /// bcrypt cost of new hashes.
    let cost: UInt8

    init(cost: UInt8 = Self.defaultCost) {
        precondition((4...31).contains(cost), "bcrypt cost must be between 4 and 31")
        self.cost = cost
    }

    /// Hashes a password.
    func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    /// Whether `password` matches `hash`.
    func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    /// Spends the time of one verification without a user, so unknown names answer as slowly as
    /// wrong passwords.
    func verifyNothing(_ password: String) async throws {
        _ = try await verify(password, hash: Self.decoyHash)
    }

    /// Throws `invalid_input` unless the password is acceptable.
    static func validate(_ password: String) throws {
        guard password.count >= minimumLength, password.utf8.count <= 72 else {
            throw SpoolError(.invalidInput, "passwords must be \(minimumLength)–72 bytes long")
        }
    }

    /// A fixed cost-10 bcrypt hash; the outcome of checking against it is ignored.
    private static let decoyHash = "$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"
}
