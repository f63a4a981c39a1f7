import Foundation
import SpoolCore
import Testing

/// ``QueuePauses``: this process's pauses and those other processes announce on the event bus.
@Suite("Queue pauses")
struct QueuePausesTests {
    static let since = Date(timeIntervalSince1970: 1_800_000_000)
    static let pause = QueuePause(queue: "q:download", reason: "No space left on device", since: since, freeBytes: 512, resumeAtBytes: 1 << 30)

    @Test("a queue.paused event from another process is reported with its reason, free space and threshold; queue.resumed ends it")
    func reportedPause() {
        let pauses = QueuePauses()
        pauses.note(.queuePaused(Self.pause, at: Self.since))
        #expect(pauses.all["q:download"] == Self.pause)
        #expect(pauses.pause(of: "q:download") == nil, "a pause elsewhere does not hold this process's claims")
        pauses.note(.queueResumed("q:download", freeBytes: 2 << 30))
        #expect(pauses.all.isEmpty)
    }

    @Test("this process's own pause wins over an announced one; other notifications change nothing")
    func localFirst() {
        let pauses = QueuePauses()
        var own = Self.pause
        own.reason = "disk quota exceeded"
        pauses.pause(own)
        pauses.note(.queuePaused(Self.pause, at: Self.since))
        #expect(pauses.all["q:download"]?.reason == "disk quota exceeded")
        pauses.note(.notification(nil, kind: "job.completed", title: "Done", message: "x", severity: .info))
        pauses.note(.log(JobID("j1"), .info, "q:download paused"))
        #expect(pauses.all.count == 1)
        pauses.resume("q:download")
        #expect(pauses.all["q:download"] == Self.pause, "the announced pause is still reported")
    }
}
