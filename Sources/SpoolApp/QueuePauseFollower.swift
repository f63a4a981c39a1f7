import ServiceLifecycle
import SpoolCore

/// Keeps the API's view of paused queues (`GET /api/queue`, the web UI's status bar) true for the
/// whole deployment: a download worker that pauses its queue on a full disk announces it on the
/// event bus (`queue.paused`, then `queue.resumed`), and this follows those events into the API
/// process's ``QueuePauses``.
///
/// Runs where the API runs. The bus keeps no state: an API process started while a worker's queue
/// is paused learns of it from the worker's next announcement.
struct QueuePauseFollower: Service {
    let events: any EventBus
    let pauses: QueuePauses

    /// Follows the event bus until shutdown.
    func run() async throws {
        let subscription = events.subscribe()
        try? await cancelWhenGracefulShutdown {
            for await event in subscription where event.type == .notification {
                pauses.note(event)
            }
        }
        subscription.finish()
    }
}
