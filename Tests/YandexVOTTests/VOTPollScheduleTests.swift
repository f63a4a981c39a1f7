import Testing
import YandexVOT

@Suite("VOT poll schedule")
struct VOTPollScheduleTests {
    @Test("the first wait follows the hint (≤ 180 s), else 120 s or 30 s; later waits are 30 s")
    func extensionRule() throws {
        var hinted = VOTPollSchedule()
        #expect(try hinted.nextDelay(remainingTime: 46) == .seconds(46))
        #expect(try hinted.nextDelay(remainingTime: 5) == .seconds(30))
        var long = VOTPollSchedule()
        #expect(try long.nextDelay(remainingTime: 600) == .seconds(120))
        var none = VOTPollSchedule()
        #expect(try none.nextDelay(remainingTime: nil) == .seconds(30))
        var negative = VOTPollSchedule()
        #expect(try negative.nextDelay(remainingTime: -1) == .seconds(30))
    }

    @Test("waits are clamped and their total is bounded")
    func bounds() throws {
        var schedule = VOTPollSchedule(maxDelay: .seconds(20), followUpDelay: .seconds(30), maxTotalWait: .seconds(50))
        #expect(try schedule.nextDelay(remainingTime: 46) == .seconds(20))
        #expect(try schedule.nextDelay(remainingTime: 46) == .seconds(20))
        #expect(throws: VOTError.waitLimitExceeded(.seconds(50))) { try schedule.nextDelay(remainingTime: 46) }
        #expect(schedule.totalWaited == .seconds(40))
    }
}
