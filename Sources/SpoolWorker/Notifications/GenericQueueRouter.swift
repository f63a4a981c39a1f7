import Logging
import SpoolQueue

/// The handler of `q:generic`: hands each claimed entry to the handler registered for its key's
/// prefix (`maintenance:` to the maintenance tasks, `webhook:`, `script:` and `apprise:` to the
/// notification deliveries) and drops entries nobody handles.
///
/// Adding a kind of generic task: a ``QueueTask`` on `q:generic` whose keys share a prefix, and
/// one route here (SpoolApp's `StageFactory.generic()` lists them).
public struct GenericQueueRouter: StageHandler {
    /// One kind of task: the key prefixes it owns and its handler.
    public struct Route: Sendable {
        /// Key prefixes (`maintenance:`).
        public let prefixes: [String]
        /// Handles and settles a claimed entry.
        public let handle: @Sendable (LeaseContext) async -> Void

        /// Creates a route.
        public init(prefixes: [String], handle: @escaping @Sendable (LeaseContext) async -> Void) {
            self.prefixes = prefixes
            self.handle = handle
        }
    }

    let routes: [Route]
    let logger: Logger

    /// Creates the router.
    public init(routes: [Route], logger: Logger) {
        self.routes = routes
        self.logger = logger
    }

    /// Runs the entry's handler, or drops an entry no route owns.
    public func handle(_ lease: LeaseContext) async {
        let key = lease.key.rawValue
        guard let route = routes.first(where: { $0.prefixes.contains(where: key.hasPrefix) }) else {
            logger.warning("dropping a generic queue entry no handler owns", metadata: ["queue.key": "\(key)"])
            try? await lease.discard()
            return
        }
        await route.handle(lease)
    }
}
