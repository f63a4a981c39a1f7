import Foundation
import Logging
import ServiceLifecycle
import SpoolAPIModels
import SpoolCore
import Synchronization

/// Fans live events out to every open stream (WebSocket, Socket.IO and SSE), encoding each event once.
///
/// While at least one stream is open the broadcaster holds one subscription to the bus, taken when
/// the first stream's outbox is (so nothing published after a stream subscribes is missed) and
/// ended with the last one. ``run()`` encodes each event into an ``EncodedEvent`` and pushes it
/// into the ``EventOutbox`` of every stream, which costs each stream a lock and an append; what a
/// stream does with a slow client is up to its outbox (bounded, progress coalesced) and its
/// transport.
///
/// When the bus ends the subscription, every outbox finishes; when the broadcaster itself fell
/// behind the bus (its subscription overflowed), every outbox ends as overflowed, so each client
/// resumes by id.
final class EventBroadcaster: Service, Sendable {
    private struct State {
        var outboxes: [EventOutbox] = []
        var subscription: EventSubscription?
        var waiter: CheckedContinuation<EventSubscription?, Never>?
        var stopped = false
    }

    private let events: any EventBus
    private let capacity: Int
    private let logger: Logger
    private let state = Mutex(State())
    private let encodes = Atomic<Int>(0)

    /// Creates a broadcaster over `events`; each stream's outbox holds up to `capacity` events.
    init(events: any EventBus, capacity: Int, logger: Logger = Logger(label: "spool.api.events")) {
        self.events = events
        self.capacity = capacity
        self.logger = logger
    }

    /// Number of events encoded so far (once each, whatever the number of streams).
    var encodedCount: Int { encodes.load(ordering: .relaxed) }

    /// Number of open outboxes.
    var outboxCount: Int { state.withLock { $0.outboxes.count } }

    /// A new outbox for the events `selection` covers; it is filled until it finishes.
    func subscribe(_ selection: JobSelection) -> EventOutbox {
        let outbox = EventOutbox(selection: selection, capacity: capacity) { [weak self] outbox in
            self?.remove(outbox)
        }
        let (accepted, wake): (Bool, (CheckedContinuation<EventSubscription?, Never>, EventSubscription)?) = state.withLock { state in
            guard !state.stopped else { return (false, nil) }
            state.outboxes.append(outbox)
            guard state.subscription == nil else { return (true, nil) }
            let subscription = events.subscribe()
            state.subscription = subscription
            defer { state.waiter = nil }
            return (true, state.waiter.map { ($0, subscription) })
        }
        if let (waiter, subscription) = wake { waiter.resume(returning: subscription) }
        if !accepted { outbox.finish() }
        return outbox
    }

    /// Delivers events until the service is shut down or cancelled; then ends every outbox.
    func run() async throws {
        let encoder = SpoolJSON.makeEncoder()
        await withGracefulShutdownHandler {
            while let subscription = await nextSubscription() {
                for await event in subscription {
                    deliver(event, encoder: encoder)
                }
                ended(subscription)
            }
        } onGracefulShutdown: {
            self.stop()
        }
        stop()
    }

    private func deliver(_ event: JobEvent, encoder: JSONEncoder) {
        let targets = state.withLock { $0.outboxes }
        guard !targets.isEmpty else { return }
        let encoded: EncodedEvent
        do {
            encoded = try EncodedEvent(event, encoder: encoder)
        } catch {
            logger.error("event not encoded", metadata: ["event.type": "\(event.type.rawValue)", "error.message": "\(error)"])
            return
        }
        encodes.add(1, ordering: .relaxed)
        for outbox in targets { outbox.push(encoded) }
    }

    /// The subscription to follow: the current one, else the next one taken; nil once stopped.
    private func nextSubscription() async -> EventSubscription? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<EventSubscription?, Never>) in
                let immediate: EventSubscription?? = state.withLock { state in
                    if state.stopped || Task.isCancelled { return .some(nil) }
                    if let subscription = state.subscription { return .some(subscription) }
                    state.waiter = continuation
                    return .none
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            self.stop()
        }
    }

    /// A followed subscription ended: by the last stream leaving (nothing to do), by the bus
    /// (every stream finishes), or by an overflow (every stream resumes by id).
    private func ended(_ subscription: EventSubscription) {
        let affected: [EventOutbox] = state.withLock { state in
            guard state.subscription === subscription else { return [] }
            state.subscription = nil
            return state.outboxes
        }
        guard !affected.isEmpty else { return }
        if subscription.overflowed {
            logger.warning("live events fell behind the bus; every stream resumes by id")
            for outbox in affected { outbox.overflow() }
        } else {
            for outbox in affected { outbox.finish() }
        }
    }

    private func remove(_ outbox: EventOutbox) {
        let idle: EventSubscription? = state.withLock { state in
            if let index = state.outboxes.firstIndex(where: { $0 === outbox }) {
                state.outboxes.swapAt(index, state.outboxes.count - 1)
                state.outboxes.removeLast()
            }
            guard state.outboxes.isEmpty else { return nil }
            defer { state.subscription = nil }
            return state.subscription
        }
        idle?.finish()
    }

    private func stop() {
        let (subscription, waiter, outboxes) = state.withLock { state in
            state.stopped = true
            defer {
                state.subscription = nil
                state.waiter = nil
                state.outboxes = []
            }
            return (state.subscription, state.waiter, state.outboxes)
        }
        waiter?.resume(returning: nil)
        subscription?.finish()
        for outbox in outboxes { outbox.finish() }
    }
}
