import SpoolCore
import SpoolTesting
import Testing

@Suite("EventHub conformance")
struct EventHubConformanceTests {
    @Test(arguments: EventBusConformance.checks)
    func conformance(_ check: ConformanceCheck<EventBusConformance.Factory>) async throws {
        try await check.run(EventBusConformance.Factory { capacity in EventHub(capacity: capacity) })
    }

    @Test("a cancelled or overflowed subscription leaves the hub")
    func finishedSubscriptionsAreRemoved() async throws {
        let hub = EventHub(capacity: 2)
        let overflowing = hub.subscribe()
        let cancelled = hub.subscribe()
        #expect(hub.subscriberCount == 2)
        let reader = Task { for await _ in cancelled {} }
        try await Task.sleep(for: .milliseconds(50))
        reader.cancel()
        await reader.value
        for id in 1...3 {
            var event = JobEvent.log(JobID.random(), .info, "x")
            event.id = Int64(id)
            hub.publishNow(event)
        }
        #expect(overflowing.overflowed)
        #expect(hub.subscriberCount == 0)
    }
}
