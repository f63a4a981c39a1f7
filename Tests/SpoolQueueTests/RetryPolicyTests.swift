import SpoolQueue
import Testing

@Suite("RetryPolicy")
struct RetryPolicyTests {
    @Test("delays double from the base delay")
    func exponentialBackoff() {
        let policy = RetryPolicy(maxRetries: 5, baseDelay: .milliseconds(100), maxDelay: .seconds(60))
        #expect((1...5).map(policy.delay(forAttempt:)) == [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .milliseconds(1600)])
    }

    @Test("delays are capped at the maximum")
    func cappedBackoff() {
        let policy = RetryPolicy(maxRetries: 10, baseDelay: .seconds(2), maxDelay: .seconds(300))
        #expect(policy.delay(forAttempt: 8) == .seconds(256))
        #expect(policy.delay(forAttempt: 9) == .seconds(300))
        #expect(policy.delay(forAttempt: 1_000) == .seconds(300), "huge attempt numbers neither overflow nor trap")
    }

    @Test("attempt numbers below one use the base delay")
    func firstAttempt() {
        let policy = RetryPolicy(baseDelay: .seconds(3))
        #expect(policy.delay(forAttempt: 0) == .seconds(3))
        #expect(policy.delay(forAttempt: -4) == .seconds(3))
    }

    @Test("the defaults are MAX_RETRIES=3 from 2 s")
    func defaults() {
        let policy = RetryPolicy()
        #expect(policy.maxRetries == 3)
        #expect(policy.delay(forAttempt: 1) == .seconds(2))
    }
}
