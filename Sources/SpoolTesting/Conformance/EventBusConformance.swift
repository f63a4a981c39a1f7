import Foundation
import SpoolCore
import Testing

/// The conformance suite every ``EventBus`` passes: ordered fan-out, progress coalescing for a
/// slow reader, cancellation, and overflow of a reader that falls too far behind.
public enum EventBusConformance {
    /// Makes buses for the checks.
    public struct Factory: Sendable {
        /// Makes a bus whose subscriptions hold up to `capacity` durable events.
        public var make: @Sendable (_ capacity: Int) async throws -> any EventBus
        /// How long a new subscription takes to start receiving, and a publish to reach every
        /// subscriber (zero for an in-process bus; some milliseconds over a network).
        public var propagationDelay: Duration

        /// Creates a factory.
        public init(propagationDelay: Duration = .zero, make: @escaping @Sendable (_ capacity: Int) async throws -> any EventBus) {
            self.make = make
            self.propagationDelay = propagationDelay
        }
    }

    /// Every check, for a parameterized test.
    public static let checks: [ConformanceCheck<Factory>] = [
        .init("deliversEventsInOrderToEverySubscriber", deliversEventsInOrderToEverySubscriber),
        .init("subscribersSeeOnlyLaterEvents", subscribersSeeOnlyLaterEvents),
        .init("coalescesProgressForASlowReader", coalescesProgressForASlowReader),
        .init("cancelledSubscriberStops", cancelledSubscriberStops),
        .init("durableOverflowEndsTheSubscription", durableOverflowEndsTheSubscription),
    ]

    /// Every subscriber receives every event, in publish order.
    public static func deliversEventsInOrderToEverySubscriber(_ factory: Factory) async throws {
        let bus = try await factory.make(1_000)
        let first = bus.subscribe(), second = bus.subscribe()
        try await Task.sleep(for: factory.propagationDelay)
        let job = JobID.random()
        for id in 1...100 {
            await bus.publish(log(job, id: Int64(id)))
        }
        for subscription in [first, second] {
            let received = try await collect(subscription, count: 100)
            #expect(received.map(\.id) == (1...100).map(Int64.init))
        }
    }

    /// A subscription starts with the events published after it was made.
    public static func subscribersSeeOnlyLaterEvents(_ factory: Factory) async throws {
        let bus = try await factory.make(1_000)
        let job = JobID.random()
        await bus.publish(log(job, id: 1))
        try await Task.sleep(for: factory.propagationDelay)
        let subscription = bus.subscribe()
        try await Task.sleep(for: factory.propagationDelay)
        await bus.publish(log(job, id: 2))
        #expect(try await collect(subscription, count: 1).map(\.id) == [2])
    }

    /// A reader that does not keep up sees only the latest progress of each job, while every
    /// durable event is kept, and many progress updates never overflow the subscription.
    public static func coalescesProgressForASlowReader(_ factory: Factory) async throws {
        let bus = try await factory.make(10)
        let subscription = bus.subscribe()
        try await Task.sleep(for: factory.propagationDelay)
        let a = JobID.random(), b = JobID.random()
        for percent in 1...100 {
            await bus.publish(.progress(a, JobProgress(stage: .download, percent: Double(percent))))
            if percent <= 50 {
                await bus.publish(.progress(b, JobProgress(stage: .download, percent: Double(percent))))
            }
        }
        await bus.publish(log(a, id: 7))
        try await Task.sleep(for: factory.propagationDelay)

        let received = try await collect(subscription) { $0.type == .log }
        let progressA = received.filter { $0.type == .progress && $0.jobId == a }
        let progressB = received.filter { $0.type == .progress && $0.jobId == b }
        #expect(progressA.count == 1 && progressA.first?.payload["percent"]?.doubleValue == 100)
        #expect(progressB.count == 1 && progressB.first?.payload["percent"]?.doubleValue == 50)
        #expect(received.last?.id == 7)
        #expect(!subscription.overflowed)
    }

    /// Cancelling the task that iterates a subscription ends the iteration.
    public static func cancelledSubscriberStops(_ factory: Factory) async throws {
        let bus = try await factory.make(1_000)
        let subscription = bus.subscribe()
        try await Task.sleep(for: factory.propagationDelay)
        let reader = Task {
            var count = 0
            for await _ in subscription { count += 1 }
            return count
        }
        await bus.publish(log(JobID.random(), id: 1))
        try await Task.sleep(for: .milliseconds(100) + factory.propagationDelay)
        reader.cancel()
        let ended = try await ConformanceSupport.within(.seconds(10)) { await reader.value }
        #expect(ended != nil, "the iteration ends once its task is cancelled")
        await bus.publish(log(JobID.random(), id: 2))
    }

    /// A reader more than `capacity` durable events behind is cut off: it reads what was
    /// buffered, then the subscription ends with `overflowed` set so the client resumes by id.
    public static func durableOverflowEndsTheSubscription(_ factory: Factory) async throws {
        let bus = try await factory.make(10)
        let subscription = bus.subscribe()
        try await Task.sleep(for: factory.propagationDelay)
        let job = JobID.random()
        for id in 1...25 {
            await bus.publish(log(job, id: Int64(id)))
        }
        try await Task.sleep(for: factory.propagationDelay)
        let received = try await collect(subscription, count: 100)
        #expect(subscription.overflowed)
        #expect(received.count <= 10)
        #expect(received.map(\.id) == (1...Int64(received.count)).map { $0 }, "what was buffered arrives in order")
    }

    /// A durable log event with a given id.
    static func log(_ job: JobID, id: Int64) -> JobEvent {
        var event = JobEvent.log(job, .info, "event \(id)")
        event.id = id
        return event
    }

    /// Reads until `count` events arrived, `stop` matched, the subscription ended, or ten seconds passed.
    static func collect(_ subscription: EventSubscription, count: Int = .max, until stop: @escaping @Sendable (JobEvent) -> Bool = { _ in false }) async throws -> [JobEvent] {
        let collector = Task {
            var events: [JobEvent] = []
            for await event in subscription {
                events.append(event)
                if events.count >= count || stop(event) { break }
            }
            return events
        }
        let timeout = Task {
            try await Task.sleep(for: .seconds(10))
            collector.cancel()
        }
        defer { timeout.cancel() }
        return await collector.value
    }
}
