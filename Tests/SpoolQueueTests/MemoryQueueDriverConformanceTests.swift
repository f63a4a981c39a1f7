import SpoolQueue
import SpoolTesting
import Testing

@Suite("MemoryQueueDriver conformance")
struct MemoryQueueDriverConformanceTests {
    @Test(arguments: QueueDriverConformance.checks)
    func conformance(_ check: ConformanceCheck<QueueDriverConformance.Factory>) async throws {
        try await check.run { MemoryQueueDriver() }
    }
}
