import Logging
import ServiceLifecycle
import SpoolCore

/// Keeps the API's view of paused queues (`GET /api/queue`, the web UI's status bar) true for the
/// whole deployment: a download worker that pauses its queue on a full disk announces it on the
/// event bus (`queue.paused`, then `queue.resumed`), and this follows those events into the API
/// process's ``QueuePauses``.
///
/// Runs where the API runs. The bus keeps no state, but the announcements are durable events: on
/// start it reads the last 10,000 stored events, so an API process started while a worker's queue
/// is paused shows the pause at once (a pause announced before those events is learned from the
/// worker's next announcement). A download worker that starts announces `queue.resumed` when the
/// stored announcements leave its queue paused (``DiskSpaceGate``), so a pause does not outlive the
/// worker that made it.
struct QueuePauseFollower: Service {
    let events: any EventBus
    let pauses: QueuePauses
    /// Where the announcements are stored; nil follows the bus alone.
    var store: (any JobStore)?
    var logger = Logger(label: "spool.queue-pauses")

    /// Reads the stored announcements, then follows the event bus until shutdown.
    func run() async throws {
        // Subscribe first: an announcement made while the history is read is not missed.
        let subscription = events.subscribe()
        let restoredUpTo = await restore()
        await cancelWhenGracefulShutdown {
            for await event in subscription where event.type == .notification {
                // Stored events the history already applied come again on the bus: skip them, so an
                // older announcement never undoes a newer one.
                if event.id > 0, event.id <= restoredUpTo { continue }
                pauses.note(event)
            }
        }
        subscription.finish()
    }

    /// Applies the stored announcements (``QueuePauses/restore(from:lookback:)``); returns the id of
    /// the newest event read (0 when none or without a store).
    func restore() async -> Int64 {
        guard let store else { return 0 }
        do {
            return try await pauses.restore(from: store)
        } catch {
            logger.warning("could not read the stored queue pauses; following the event bus only", metadata: ["error": "\(error)"])
            return 0
        }
    }
}
