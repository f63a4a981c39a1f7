import Foundation

/// One notification on its way to one channel (a webhook subscription, the done-script, Apprise):
/// its fixed body, its `webhook-id`, and how the attempts went. The delivery log.
public struct WebhookDelivery: Sendable, Codable, Hashable {
    /// Where a delivery stands.
    public enum State: String, Sendable, Codable, CaseIterable, Hashable {
        /// Waiting for its first or next attempt.
        case pending
        /// The endpoint answered 2xx (a script exited 0).
        case delivered
        /// Given up: out of retries, refused by the address policy, or the subscription was disabled.
        case failed
    }

    /// The `webhook-id`: `msg_` and 24 hex digits, the same for every attempt.
    public var id: String
    /// The subscription's id, or a built-in channel (``doneScriptChannel``, ``failedScriptChannel``, ``appriseChannel``).
    public var subscriptionID: String
    /// The durable event it comes from; nil for a test message.
    public var eventID: Int64?
    /// The event type.
    public var eventType: NotificationEventType
    /// The JSON body, fixed when the delivery is created so every attempt sends the same bytes.
    public var body: String
    /// Where it stands.
    public var state: State
    /// Attempts made so far.
    public var attempts: Int
    /// HTTP status of the last attempt (a script's exit code), if it got one.
    public var lastStatus: Int?
    /// Why the last attempt failed, if it did.
    public var lastError: String?
    /// When the last attempt was made.
    public var lastAttemptAt: Date?
    /// When the next attempt is due (pending deliveries).
    public var nextAttemptAt: Date?
    /// When the delivery was created.
    public var createdAt: Date

    /// Creates a pending delivery.
    public init(
        id: String = WebhookDelivery.newID(), subscriptionID: String, eventID: Int64?, eventType: NotificationEventType, body: String,
        state: State = .pending, attempts: Int = 0, lastStatus: Int? = nil, lastError: String? = nil, lastAttemptAt: Date? = nil,
        nextAttemptAt: Date? = nil, createdAt: Date = Date()
    ) {
        self.id = id
        self.subscriptionID = subscriptionID
        self.eventID = eventID
        self.eventType = eventType
        self.body = body
        self.state = state
        self.attempts = attempts
        self.lastStatus = lastStatus
        self.lastError = lastError
        self.lastAttemptAt = lastAttemptAt
        self.nextAttemptAt = nextAttemptAt
        self.createdAt = createdAt
    }

    /// A new `webhook-id`: `msg_` and 24 lowercase hex digits.
    public static func newID() -> String {
        "msg_" + RandomText.hex(bytes: 12)
    }

    /// The channel of the done-script (`DONE_SCRIPT`, run when a job completes).
    public static let doneScriptChannel = "done-script"
    /// The channel of the failed-script (`FAILED_SCRIPT`, run when a job fails).
    public static let failedScriptChannel = "failed-script"
    /// The channel of the Apprise URLs (`APPRISE_URLS`).
    public static let appriseChannel = "apprise"

    /// The queue key of the delivery's task on `q:generic`: `webhook:<subscription>:<event>`,
    /// `script:<channel>:<event>` or `apprise:<event>`, where `<event>` is the event's id and the
    /// type (`812.job.completed`; one event can stand for two types) or a test message's own id.
    public var queueKey: String {
        let event = eventID.map { "\($0).\(eventType.rawValue)" } ?? id
        switch subscriptionID {
        case Self.doneScriptChannel, Self.failedScriptChannel: return "script:\(subscriptionID):\(event)"
        case Self.appriseChannel: return "apprise:\(event)"
        default: return "webhook:\(subscriptionID):\(event)"
        }
    }
}
