/// Lets an idle worker sleep until work may be there.
public protocol QueueWakeup: Sendable {
    /// Returns when something may have become claimable in `queue`, or after `timeout`.
    func waitForWork(in queue: QueueName, timeout: Duration) async
}
