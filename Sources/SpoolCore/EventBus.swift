/// Fans events out to live subscribers (WebSocket, SSE, the CLI's `watch`).
///
/// Durable events reach the bus only after ``JobStore`` has stored them, so a subscriber that misses
/// some can replay them by id. Progress events are ephemeral: a slow subscriber sees only the
/// latest one per job.
public protocol EventBus: Sendable {
    /// Delivers an event to every current subscriber without waiting for them.
    func publish(_ event: JobEvent) async
    /// A new subscription; it ends when the task iterating it is cancelled or the bus shuts down.
    func subscribe() -> EventSubscription
    /// A number that changes whenever an event passes the bus, so readers can cache what they
    /// derive from job state; nil when the bus cannot tell (then nothing is cached).
    var changeVersion: UInt64? { get }
}

extension EventBus {
    /// Unknown by default.
    public var changeVersion: UInt64? { nil }
}
