import Foundation
import SpoolCore

/// An entry of `GET /api/audit`.
public struct AuditEntryDTO: Sendable, Codable, Hashable {
    /// Id, increasing with time.
    public var id: Int64
    /// When it happened.
    public var time: Date
    /// Who did it: a user (`userId` and `name`) or `system`/`cli` (`name` only).
    public var actor: Actor
    /// The client's address, when it came over HTTP.
    public var clientAddress: String?
    /// A stable dotted name (`job.create`, `auth.login_failed`).
    public var action: String
    /// What it was done to.
    public var target: Target?
    /// `success`, `failure` or `denied`.
    public var outcome: AuditOutcome
    /// Context (never a password or a token).
    public var detail: [String: JSONValue]?

    /// Who did something.
    public struct Actor: Sendable, Codable, Hashable {
        /// The user's id, when a user did it.
        public var userId: Int64?
        /// The user's name, or `system`/`cli`.
        public var name: String
    }

    /// The thing an action was done to.
    public struct Target: Sendable, Codable, Hashable {
        /// `job`, `user`, `token`, …
        public var kind: String
        /// Its id.
        public var id: String?
    }

    /// The API view of an entry.
    public init(_ entry: AuditEntry) {
        id = entry.id
        time = entry.time
        actor = Actor(userId: entry.actor.userID, name: entry.actor.name)
        clientAddress = entry.clientAddress
        action = entry.action
        target = entry.target.map { Target(kind: $0.kind, id: $0.id) }
        outcome = entry.outcome
        detail = entry.detail
    }
}
