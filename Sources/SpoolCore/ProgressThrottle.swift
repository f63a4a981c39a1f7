import Foundation

/// Decides which progress updates of one job are published and which are persisted.
///
/// At most one published update per `publishInterval` (4 per second by default) and one stored
/// update per `persistInterval`; the first update and a finished stage always pass.
public struct ProgressThrottle: Sendable {
    /// Minimum time between published updates.
    public var publishInterval: TimeInterval
    /// Minimum time between persisted updates.
    public var persistInterval: TimeInterval
    private var lastPublished: Date?
    private var lastPersisted: Date?

    /// Creates a throttle.
    public init(publishInterval: TimeInterval = 0.25, persistInterval: TimeInterval = 2) {
        self.publishInterval = publishInterval
        self.persistInterval = persistInterval
    }

    /// What to do with one update.
    public struct Decision: Sendable, Hashable {
        /// Send it to subscribers.
        public var publish: Bool
        /// Write it to the store.
        public var persist: Bool
    }

    /// Decides for an update at `now`; `final` marks the last update of a stage.
    public mutating func decide(at now: Date, final: Bool = false) -> Decision {
        let publish = final || lastPublished.map { now.timeIntervalSince($0) >= publishInterval } ?? true
        let persist = final || lastPersisted.map { now.timeIntervalSince($0) >= persistInterval } ?? true
        if publish { lastPublished = now }
        if persist { lastPersisted = now }
        return Decision(publish: publish, persist: persist)
    }
}
