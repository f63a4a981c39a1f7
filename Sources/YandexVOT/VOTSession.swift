import Foundation

/// A VOT session: the UUID the client made up and the secret the service gave for it (spec §3.3).
public struct VOTSession: Sendable, Hashable {
    /// 32 uppercase hex digits.
    public var uuid: String
    /// The service's secret, echoed in `Sec-Vtrans-Sk`.
    public var secretKey: String
    /// Lifetime in seconds, as the service gave it.
    public var expires: Int
    /// When the create request was sent.
    public var createdAt: Date

    /// Creates a session value.
    public init(uuid: String, secretKey: String, expires: Int, createdAt: Date) {
        self.uuid = uuid
        self.secretKey = secretKey
        self.expires = expires
        self.createdAt = createdAt
    }

    /// Whether the session may still be used at `now`, leaving `margin` before it expires.
    ///
    /// The margin never exceeds a tenth of the lifetime, so short-lived sessions stay usable.
    public func isUsable(at now: Date, margin: Duration) -> Bool {
        let marginSeconds = min(Double(margin.components.seconds), Double(expires) / 10)
        return now.timeIntervalSince(createdAt) < Double(expires) - marginSeconds
    }
}

/// Sessions by module, shared by all copies of a ``VOTClient``.
actor VOTSessionCache {
    private var sessions: [String: VOTSession] = [:]

    /// The module's session if it is still usable.
    func session(module: String, now: Date, margin: Duration) -> VOTSession? {
        guard let session = sessions[module] else { return nil }
        if session.isUsable(at: now, margin: margin) { return session }
        sessions[module] = nil
        return nil
    }

    /// Keeps `session` for `module`.
    func store(_ session: VOTSession, module: String) {
        sessions[module] = session
    }

    /// Forgets `module`'s session if it is still `secretKey` (the service rejected it).
    func invalidate(module: String, secretKey: String) {
        if sessions[module]?.secretKey == secretKey {
            sessions[module] = nil
        }
    }
}
