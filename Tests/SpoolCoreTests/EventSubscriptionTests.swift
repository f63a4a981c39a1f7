import Foundation
import Testing
@testable import SpoolCore

@Suite("Event subscription buffering")
struct EventSubscriptionTests {
    let job = JobID.random()

    @Test("a slow reader gets durable events in order and only the latest progress per job")
    func coalescesProgress() async {
        let subscription = EventSubscription(capacity: 100)
        subscription.push(.log(job, .info, "one"))
        for percent in stride(from: 1.0, through: 50.0, by: 1.0) {
            subscription.push(.progress(job, JobProgress(stage: .download, percent: percent)))
        }
        subscription.push(.log(job, .info, "two"))
        subscription.push(.progress(job, JobProgress(stage: .download, percent: 99)))
        subscription.finish()
        var received: [JobEvent] = []
        for await event in subscription { received.append(event) }
        #expect(received.map(\.type) == [.log, .progress, .log, .progress])
        #expect(received[1].payload["percent"]?.doubleValue == 50)
        #expect(received[3].payload["percent"]?.doubleValue == 99)
    }

    @Test("too many durable events end the subscription as overflowed")
    func overflow() async {
        let subscription = EventSubscription(capacity: 3)
        for index in 0..<5 { subscription.push(.log(job, .info, "\(index)")) }
        var count = 0
        for await _ in subscription { count += 1 }
        #expect(subscription.overflowed)
        #expect(count == 3)
    }

    @Test("the hub fans out to every subscriber and forgets finished ones")
    func hubFanOut() async {
        let hub = EventHub()
        let first = hub.subscribe()
        let second = hub.subscribe()
        #expect(hub.subscriberCount == 2)
        await hub.publish(.log(job, .info, "hello"))
        var firstIterator = first.makeAsyncIterator()
        var secondIterator = second.makeAsyncIterator()
        #expect(await firstIterator.next()?.payload["message"]?.stringValue == "hello")
        #expect(await secondIterator.next()?.payload["message"]?.stringValue == "hello")
        first.finish()
        #expect(hub.subscriberCount == 1)
    }

    @Test("a cancelled reader ends its subscription")
    func cancellation() async {
        let hub = EventHub()
        let subscription = hub.subscribe()
        let reader = Task {
            var count = 0
            for await _ in subscription { count += 1 }
            return count
        }
        try? await Task.sleep(for: .milliseconds(50))
        reader.cancel()
        #expect(await reader.value == 0)
        #expect(hub.subscriberCount == 0)
    }
}

@Suite("Progress throttle")
struct ProgressThrottleTests {
    @Test("publishes at most every 250 ms and persists at most every 2 s; final always passes")
    func throttles() {
        var throttle = ProgressThrottle()
        let start = Date(timeIntervalSince1970: 1_000)
        var published = 0
        var persisted = 0
        for step in 0..<100 {
            let decision = throttle.decide(at: start.addingTimeInterval(Double(step) * 0.05))
            if decision.publish { published += 1 }
            if decision.persist { persisted += 1 }
        }
        // 5 seconds of updates every 50 ms.
        #expect(published == 20)
        #expect(persisted == 3)
        #expect(throttle.decide(at: start.addingTimeInterval(4.96), final: true) == .init(publish: true, persist: true))
    }
}
