import Synchronization

/// The in-process ``EventBus``: fan-out to subscriptions held in memory.
public final class EventHub: EventBus {
    private let subscribers = Mutex<[ObjectIdentifier: EventSubscription]>([:])
    private let version = Atomic<UInt64>(0)
    private let capacity: Int

    /// Creates a hub whose subscriptions hold up to `capacity` durable events.
    public init(capacity: Int = 10_000) {
        self.capacity = capacity
    }

    /// Number of live subscriptions.
    public var subscriberCount: Int { subscribers.withLock { $0.count } }

    /// Delivers to every subscriber without waiting.
    public func publish(_ event: JobEvent) async {
        publishNow(event)
    }

    /// Synchronous variant of ``publish(_:)``.
    public func publishNow(_ event: JobEvent) {
        version.add(1, ordering: .releasing)
        let targets = subscribers.withLock { Array($0.values) }
        for subscription in targets { subscription.push(event) }
    }

    /// Counts published events (see ``EventBus/changeVersion``).
    public var changeVersion: UInt64? { version.load(ordering: .acquiring) }

    /// A new subscription.
    public func subscribe() -> EventSubscription {
        let box = SubscriptionKey()
        let subscription = EventSubscription(capacity: capacity) { [weak self] in
            self?.remove(box.key)
        }
        box.key = ObjectIdentifier(subscription)
        subscribers.withLock { $0[ObjectIdentifier(subscription)] = subscription }
        return subscription
    }

    /// Ends every subscription.
    public func finishAll() {
        let all = subscribers.withLock { dict in
            defer { dict.removeAll() }
            return Array(dict.values)
        }
        for subscription in all { subscription.finish() }
    }

    private func remove(_ key: ObjectIdentifier?) {
        guard let key else { return }
        _ = subscribers.withLock { $0.removeValue(forKey: key) }
    }
}

/// Holds the subscription's key for its termination callback.
/// `@unchecked Sendable`: written once before the subscription is shared, read-only after.
private final class SubscriptionKey: @unchecked Sendable {
    var key: ObjectIdentifier?
}
