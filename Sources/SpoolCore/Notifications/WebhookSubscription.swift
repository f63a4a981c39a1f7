import Foundation

/// A webhook endpoint that receives Standard Webhooks deliveries for some events.
///
/// Stored by a ``NotificationStore``; the secret is shown once, when the subscription is created.
public struct WebhookSubscription: Sendable, Codable, Hashable {
    /// `wh_` and 24 hex digits.
    public var id: String
    /// The endpoint (`http` or `https`).
    public var url: String
    /// The events sent; nil sends every event.
    public var events: Set<NotificationEventType>?
    /// Only events about these followed sources (jobs a source created, and its digests); nil: any.
    public var sourceIDs: [Int64]?
    /// Only events about these jobs (seed 003's per-job `notification_webhook`); nil: any.
    public var jobIDs: [JobID]?
    /// `whsec_` and the base64 of 24–64 random bytes: the HMAC key of the signatures.
    public var secret: String
    /// Whether deliveries are made.
    public var enabled: Bool
    /// Why it was disabled (`the endpoint answered 410 Gone`, `disabled by a user`).
    public var disabledReason: String?
    /// A free description shown in lists.
    public var description: String?
    /// When it was created.
    public var createdAt: Date

    /// Creates a subscription.
    public init(
        id: String = WebhookSubscription.newID(), url: String, events: Set<NotificationEventType>? = nil, sourceIDs: [Int64]? = nil,
        jobIDs: [JobID]? = nil, secret: String = WebhookSecret.generate(), enabled: Bool = true, disabledReason: String? = nil,
        description: String? = nil, createdAt: Date = Date()
    ) {
        self.id = id
        self.url = url
        self.events = events
        self.sourceIDs = sourceIDs
        self.jobIDs = jobIDs
        self.secret = secret
        self.enabled = enabled
        self.disabledReason = disabledReason
        self.description = description
        self.createdAt = createdAt
    }

    /// A new random id: `wh_` and 24 lowercase hex digits.
    public static func newID() -> String {
        "wh_" + RandomText.hex(bytes: 12)
    }

    /// Whether this subscription wants `message` (enabled, the event asked for, the source and
    /// job filters passed). A test message matches any enabled subscription.
    public func wants(_ message: NotificationMessage) -> Bool {
        guard enabled else { return false }
        if message.type == .test { return true }
        if let events, !events.contains(message.type) { return false }
        if let sourceIDs {
            guard let source = message.sourceID, sourceIDs.contains(source) else { return false }
        }
        if let jobIDs {
            guard let job = message.jobID, jobIDs.contains(job) else { return false }
        }
        return true
    }
}
