import Crypto
import Foundation
import Hummingbird
import SpoolCore
import Synchronization

/// Who calls the Transmission RPC: HTTP basic auth with a Spool user's name and password, or
/// with a Spool API token as the password (any user name), or `Authorization: Bearer <token>`.
///
/// Remotes send the credentials with every request, every few seconds, so a password that was
/// checked (bcrypt) is remembered for a minute by its SHA-256; only checks that miss that cache
/// count against the login throttle (see ``LoginThrottle``).
final class TransmissionAuthenticator: Sendable {
    /// What authentication decided.
    enum Outcome: Sendable {
        /// The caller.
        case user(User)
        /// No or wrong credentials, with the reason.
        case refused(String)
        /// Too many password checks for this client and user; retry after the delay.
        case rateLimited(Duration)
    }

    /// How long a checked password is remembered.
    static let rememberFor: Duration = .seconds(60)
    /// Most remembered passwords.
    static let maxRemembered = 1_000

    let auth: AuthService
    let throttle: LoginThrottle
    private let remembered = Mutex<[String: (user: User, until: ContinuousClock.Instant)]>([:])

    init(auth: AuthService, throttle: LoginThrottle) {
        self.auth = auth
        self.throttle = throttle
    }

    /// Authenticates a request from `client` (its address).
    func authenticate(_ request: Request, client: String) async throws -> Outcome {
        guard let header = request.headers[.authorization] else {
            return .refused("authentication required: use HTTP basic auth with a Spool user (or a Spool token as the password)")
        }
        if let token = AuthMiddleware<SpoolRequestContext>.bearerToken(header) {
            return try await tokenOutcome(token)
        }
        guard let (username, password) = Self.basicCredentials(header) else {
            return .refused("unsupported Authorization header: use Basic or Bearer")
        }
        if APITokenCodec.isWellFormed(password) {
            return try await tokenOutcome(password)
        }
        let key = Self.cacheKey(username, password)
        let now = ContinuousClock.now
        if let user = remembered.withLock({ entries -> User? in
            guard let entry = entries[key], entry.until > now else { return nil }
            return entry.user
        }) {
            return .user(user)
        }
        let attempt: LoginThrottle.Attempt
        switch throttle.begin(address: client, username: username) {
        case .success(let taken): attempt = taken
        case .failure(let wait): return .rateLimited(wait.duration)
        }
        guard let user = try await auth.verify(username: username, password: password) else {
            return .refused("wrong username or password")
        }
        throttle.succeeded(attempt)
        remembered.withLock { entries in
            if entries.count >= Self.maxRemembered { entries = entries.filter { $0.value.until > now } }
            if entries.count < Self.maxRemembered { entries[key] = (user, now + Self.rememberFor) }
        }
        return .user(user)
    }

    private func tokenOutcome(_ token: String) async throws -> Outcome {
        guard let identity = try await auth.authenticate(token) else {
            return .refused("the token is invalid, expired or revoked")
        }
        return .user(identity.user)
    }

    /// User name and password of a `Basic` header; nil for anything else.
    static func basicCredentials(_ header: String) -> (String, String)? {
        let parts = header.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic",
              let data = Data(base64Encoded: parts[1].trimmingCharacters(in: .whitespaces)),
              let text = String(data: data, encoding: .utf8),
              let colon = text.firstIndex(of: ":")
        else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }

    /// The cache key of a name and password (never the password itself).
    private static func cacheKey(_ username: String, _ password: String) -> String {
        Data(SHA256.hash(data: Array("\(username)\u{0}\(password)".utf8))).base64EncodedString()
    }
}
