import Foundation
import SpoolCore
import SpoolQueue

/// A queued delivery on `q:generic`: the `webhook-id` of a stored ``WebhookDelivery``. Its key is
/// the delivery's ``WebhookDelivery/queueKey`` (`webhook:<subscription>:<event>.<type>`,
/// `script:…`, `apprise:…`), so one entry per delivery waits or runs.
public struct NotificationDeliveryTask: QueueTask, Hashable {
    /// `q:generic`.
    public static let queue = QueueName.generic
    /// The delivery's id (`msg_…`).
    public var delivery: String
    /// The entry's key.
    public var keyText: String

    /// The task of `delivery`.
    public init(_ delivery: WebhookDelivery) {
        self.delivery = delivery.id
        self.keyText = delivery.queueKey
    }

    /// The delivery's queue key.
    public var key: TaskKey { TaskKey(keyText) }

    /// The key prefixes of delivery tasks, for the generic queue's router.
    public static let keyPrefixes = ["webhook:", "script:", "apprise:"]
}
