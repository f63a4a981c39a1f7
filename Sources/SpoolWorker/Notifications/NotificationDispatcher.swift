import Foundation
import Logging
import ServiceLifecycle
import SpoolCore
import SpoolQueue

/// Turns the durable event log into deliveries: reads the events after its stored cursor, makes
/// one ``WebhookDelivery`` per matching channel (webhook subscriptions, the done-scripts, Apprise)
/// and queues a ``NotificationDeliveryTask`` for each on `q:generic`, then moves the cursor.
///
/// Nothing is lost on a crash (the cursor moves only after the deliveries are stored and queued)
/// and nothing is sent twice (a delivery is unique per channel, event and type; a scan that finds
/// one stored queues it again only when it is still pending and not queued). It scans when an
/// event passes the bus, and every ``Configuration/scanInterval`` in case it missed one. On its
/// very first scan it starts at the end of the log: history is not replayed.
///
/// Runs in the process that serves the API (one per deployment is enough; several are safe).
public struct NotificationDispatcher: Service {
    /// Timing and the built-in channels.
    public struct Configuration: Sendable {
        /// The fallback scan period.
        public var scanInterval: Duration
        /// Events read per store query.
        public var batchSize: Int
        /// Built-in channels (``WebhookDelivery/doneScriptChannel``, …) and the events each wants.
        public var channels: [String: Set<NotificationEventType>]

        /// Creates settings.
        public init(scanInterval: Duration = .seconds(5), batchSize: Int = 200, channels: [String: Set<NotificationEventType>] = [:]) {
            self.scanInterval = scanInterval
            self.batchSize = batchSize
            self.channels = channels
        }
    }

    let notifications: any NotificationStore
    let jobs: any JobStore
    let events: any EventBus
    let driver: any JobQueueDriver
    let clock: any WallClock
    let configuration: Configuration
    let logger: Logger

    /// Creates the dispatcher.
    public init(
        notifications: any NotificationStore, jobs: any JobStore, events: any EventBus, driver: any JobQueueDriver, clock: any WallClock,
        configuration: Configuration = .init(), logger: Logger
    ) {
        self.notifications = notifications
        self.jobs = jobs
        self.events = events
        self.driver = driver
        self.clock = clock
        self.configuration = configuration
        self.logger = logger
    }

    /// Scans on every durable event and every scan interval until shutdown.
    public func run() async throws {
        let (wakes, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let subscription = events.subscribe()
        try? await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await event in subscription where event.type.isDurable { wake.yield() }
                }
                group.addTask { [configuration] in
                    while !Task.isCancelled {
                        wake.yield()
                        try? await Task.sleep(for: configuration.scanInterval)
                    }
                }
                for await _ in wakes {
                    if Task.isCancelled { break }
                    do {
                        try await scan()
                    } catch is CancellationError {
                        break
                    } catch {
                        logger.warning("notification scan failed", metadata: ["error": "\(error)"])
                    }
                }
                group.cancelAll()
            }
        }
    }

    /// Turns the events after the cursor into queued deliveries; returns how many it queued.
    @discardableResult
    public func scan() async throws -> Int {
        guard var cursor = try await notifications.notificationCursor() else {
            try await notifications.advanceNotificationCursor(to: try await jobs.latestEventID())
            return 0
        }
        var queued = 0
        var context = ScanContext(subscriptions: try await notifications.subscriptions().filter(\.enabled))
        if context.subscriptions.isEmpty, configuration.channels.isEmpty {
            // Nobody listens: the events so far are nobody's, and are not read.
            let latest = try await jobs.latestEventID()
            if latest > cursor { try await notifications.advanceNotificationCursor(to: latest) }
            return 0
        }
        while true {
            let batch = try await jobs.events(after: cursor, jobIDs: nil, limit: configuration.batchSize)
            guard let last = batch.last else { break }
            for event in batch {
                queued += try await dispatch(event, context: &context)
            }
            try await notifications.advanceNotificationCursor(to: last.id)
            cursor = last.id
            if batch.count < configuration.batchSize { break }
        }
        if queued > 0 { logger.debug("notifications queued", metadata: ["notification.deliveries": "\(queued)"]) }
        return queued
    }

    /// What one scan reads once: the enabled subscriptions, and the keys queued on `q:generic`
    /// (read only when a stored pending delivery is found again).
    struct ScanContext {
        var subscriptions: [WebhookSubscription]
        var queuedKeys: Set<TaskKey>?
    }

    /// Whether a subscription or a built-in channel may want `type` (before the event's job and
    /// source are known).
    private func someoneWants(_ type: NotificationEventType, _ context: ScanContext) -> Bool {
        configuration.channels.values.contains { $0.contains(type) }
            || context.subscriptions.contains { $0.events?.contains(type) ?? true }
    }

    /// The deliveries of one event; returns how many were queued.
    func dispatch(_ event: JobEvent, context: inout ScanContext) async throws -> Int {
        guard [.stateChange, .jobAdded, .jobRemoved, .notification].contains(event.type) else { return 0 }
        let job = try await event.jobId.asyncMap { try await jobs.job($0) } ?? nil
        // The job's history is read only when someone wants job.started.
        let startedBefore = someoneWants(.jobStarted, context)
            ? try await event.jobId.asyncMap { try await hasStarted($0, before: event) } ?? false
            : true
        var queued = 0
        for type in NotificationMapping.types(of: event, job: job, startedBefore: startedBefore) {
            let message = NotificationMapping.message(type, for: event, job: job)
            let body = message.body()
            var channels = context.subscriptions.filter { $0.wants(message) }.map(\.id)
            channels += configuration.channels.filter { $0.value.contains(type) }.keys.sorted()
            for channel in channels {
                let draft = WebhookDelivery(subscriptionID: channel, eventID: event.id, eventType: type, body: body, createdAt: clock.now)
                let (delivery, created) = try await notifications.createDelivery(draft)
                if !created {
                    guard delivery.state == .pending else { continue }
                    if context.queuedKeys == nil { context.queuedKeys = Set(try await driver.entries(in: .generic).map(\.key)) }
                    if context.queuedKeys?.contains(TaskKey(delivery.queueKey)) == true { continue }
                }
                try await driver.enqueue(NotificationDeliveryTask(delivery), notBefore: delivery.nextAttemptAt)
                queued += 1
            }
        }
        return queued
    }

    /// Whether the job entered DOWNLOADING before `event` (only asked for a change to DOWNLOADING).
    private func hasStarted(_ id: JobID, before event: JobEvent) async throws -> Bool {
        guard event.type == .stateChange, event.payload["to"]?.stringValue == JobState.downloading.rawValue else { return false }
        let changes = try await jobs.events(for: id, query: EventQuery(types: [.stateChange], limit: 10_000)).events
        return changes.contains { $0.id < event.id && $0.payload["to"]?.stringValue == JobState.downloading.rawValue }
    }
}

extension Optional {
    /// `map` with an async transform.
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        switch self {
        case .some(let value): try await transform(value)
        case .none: nil
        }
    }
}
