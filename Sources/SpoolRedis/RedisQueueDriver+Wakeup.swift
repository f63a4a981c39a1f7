import Logging
import RESP
import SpoolQueue

extension RedisQueueDriver {
    /// Returns when something may have become claimable in `queue` (an enqueue, release, resume
    /// or recovery by any process while ``run()`` listens), or after `timeout`.
    public func waitForWork(in queue: QueueName, timeout: Duration) async {
        await signal.waitForWork(in: queue, timeout: timeout)
    }

    /// Loads the scripts, then relays the wake channel to this process's idle workers until
    /// cancelled or the subscriber shuts down. Without a subscriber it only loads the scripts.
    public func run() async throws {
        for script in RedisQueueScripts.all {
            try await client.load(script)
        }
        guard let subscriber else {
            ready.open()
            return
        }
        let subscription = try await subscriber.subscribe(to: [wakeChannel])
        ready.open()
        logger.debug("listening for queue wake-ups", metadata: ["redis.channel": "\(wakeChannel)"])
        // Cancellation ends the iteration; the ended stream unsubscribes.
        for await message in subscription {
            signal.notify(QueueName(rawValue: message.string))
        }
    }

    /// Returns once ``run()`` listens on the wake channel.
    public func waitUntilListening() async {
        await ready.wait()
    }
}
