import Foundation

/// One line of the audit log: who did what to which thing, from where, and how it ended.
///
/// Entries never hold a password or a token; ``detail`` is a small JSON object with what helps a
/// reader (a job's URL, a new role), written by the code that records the entry.
public struct AuditEntry: Sendable, Codable, Hashable {
    /// Database id, increasing with time; 0 before the entry is stored.
    public var id: Int64
    /// When it happened.
    public var time: Date
    /// Who did it.
    public var actor: AuditActor
    /// The client's address (the peer, or the first forwarded hop behind a trusted proxy).
    public var clientAddress: String?
    /// A stable dotted name (`job.create`, `auth.login_failed`, `user.update`).
    public var action: String
    /// What it was done to, if anything.
    public var target: AuditTarget?
    /// How it ended.
    public var outcome: AuditOutcome
    /// A small JSON object with context, or nil.
    public var detail: [String: JSONValue]?

    /// Creates an entry.
    public init(
        id: Int64 = 0, time: Date = Date(), actor: AuditActor, clientAddress: String? = nil, action: String,
        target: AuditTarget? = nil, outcome: AuditOutcome = .success, detail: [String: JSONValue]? = nil
    ) {
        self.id = id
        self.time = time
        self.actor = actor
        self.clientAddress = clientAddress
        self.action = action
        self.target = target
        self.outcome = outcome
        self.detail = detail
    }
}

/// Who did something: a user (id and name at the time), or Spool itself (`system`, `cli`).
public struct AuditActor: Sendable, Codable, Hashable {
    /// The user's id; nil for `system`, `cli` and unknown users of a failed login.
    public var userID: Int64?
    /// The user's name, or `system`/`cli`.
    public var name: String

    /// Creates an actor.
    public init(userID: Int64?, name: String) {
        self.userID = userID
        self.name = name
    }

    /// A user.
    public static func user(_ user: User) -> AuditActor { AuditActor(userID: user.id, name: user.username) }
    /// Spool's own housekeeping.
    public static let system = AuditActor(userID: nil, name: "system")
    /// The administration commands run on the server's machine (`spool user add`).
    public static let cli = AuditActor(userID: nil, name: "cli")
}

/// The thing an action was done to.
public struct AuditTarget: Sendable, Codable, Hashable {
    /// What kind of thing (`job`, `user`, `token`, `webhook`).
    public var kind: String
    /// Its id, if it has one.
    public var id: String?

    /// Creates a target.
    public init(kind: String, id: String? = nil) {
        self.kind = kind
        self.id = id
    }
}

/// How an audited action ended.
public enum AuditOutcome: String, Sendable, Codable, Hashable, CaseIterable {
    /// It was done.
    case success
    /// It was tried and failed (a wrong password).
    case failure
    /// The caller was not allowed to (403).
    case denied
}
