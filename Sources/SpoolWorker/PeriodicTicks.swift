import Foundation
import Logging
import ServiceLifecycle
import SpoolCore

/// The loop of a service that does something every so often until graceful shutdown (the
/// source-check and maintenance schedulers): a failed tick is logged and the next one comes anyway.
enum PeriodicTicks {
    /// Runs `tick` after `delay`, then every `interval`, until shutdown; a failure is logged as
    /// `failure` (a cancellation ends the loop).
    static func run(
        every interval: TimeInterval, after delay: TimeInterval = 0, clock: any WallClock, logger: Logger, failure: Logger.Message,
        tick: @escaping @Sendable () async throws -> Void
    ) async {
        try? await cancelWhenGracefulShutdown {
            if delay > 0 { try await clock.sleep(until: clock.now.addingTimeInterval(delay)) }
            while !Task.isCancelled {
                do {
                    try await tick()
                } catch is CancellationError {
                    return
                } catch {
                    logger.warning(failure, metadata: ["error": "\(error)"])
                }
                try await clock.sleep(until: clock.now.addingTimeInterval(interval))
            }
        }
    }
}
