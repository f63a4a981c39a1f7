import Testing
@testable import SpoolCore

@Suite("Job lifecycle state machine")
struct JobLifecycleTests {
    static let dubPlan: [Stage] = [.dub, .mux]

    /// Independent table of every legal move for a dubbing job: (from, event) -> to.
    /// Anything not listed must be rejected.
    static let legal: [JobState: [JobLifecycle.Event: JobState]] = [
        .queued: [.start(.download): .downloading, .pause: .paused, .cancel: .canceled, .fail: .failed, .startNow: .queued],
        .downloading: [.start(.download): .downloading, .finish(.download): .downloaded, .retry(.download): .queued, .pause: .paused, .cancel: .canceled, .fail: .failed],
        .downloaded: [.start(.dub): .dubbing, .pause: .paused, .cancel: .canceled, .fail: .failed, .startNow: .downloaded],
        .dubbing: [.start(.dub): .dubbing, .finish(.dub): .dubbed, .retry(.dub): .downloaded, .pause: .paused, .cancel: .canceled, .fail: .failed],
        .dubbed: [.start(.mux): .muxing, .pause: .paused, .cancel: .canceled, .fail: .failed, .startNow: .dubbed],
        .muxing: [.start(.mux): .muxing, .finish(.mux): .complete, .retry(.mux): .dubbed, .pause: .paused, .cancel: .canceled, .fail: .failed],
        .processing: [.pause: .paused, .cancel: .canceled, .fail: .failed],
        .uploading: [.pause: .paused, .cancel: .canceled, .fail: .failed],
        .complete: [.restart: .queued],
        .failed: [.restart: .queued, .resume: .queued],
        .canceled: [.restart: .queued],
        .paused: [.resume: .queued, .startNow: .queued, .cancel: .canceled],
    ]

    static var allEvents: [JobLifecycle.Event] {
        var events: [JobLifecycle.Event] = [.fail, .pause, .resume, .startNow, .cancel, .restart]
        for stage in [Stage.download, .dub, .mux, .process] {
            events += [.start(stage), .finish(stage), .retry(stage)]
        }
        return events
    }

    @Test("every state × event is accepted exactly when the table allows it", arguments: JobState.allCases)
    func exhaustive(state: JobState) {
        for event in Self.allEvents {
            var machine = JobLifecycle(state: state, pausedFrom: state == .paused ? .queued : nil, plan: Self.dubPlan)
            let result = machine.handle(event)
            if let expected = Self.legal[state]?[event] {
                guard case .success = result else {
                    Issue.record("\(state) + \(event) should be legal")
                    continue
                }
                #expect(machine.state == expected, "\(state) + \(event)")
            } else {
                guard case .failure(let rejection) = result else {
                    Issue.record("\(state) + \(event) should be rejected, went to \(machine.state)")
                    continue
                }
                #expect(machine.state == state, "a rejected event leaves the state unchanged")
                #expect(!rejection.reason.isEmpty)
            }
        }
    }

    @Test("a download-only job goes DOWNLOADING → DOWNLOADED → COMPLETE on finish")
    func downloadOnlyCompletes() throws {
        var machine = JobLifecycle(state: .downloading, plan: [])
        let outcome = try machine.handle(.finish(.download)).get()
        #expect(outcome.states == [.downloaded, .complete])
        #expect(outcome.actions == [.removeTemporaryFiles])
        #expect(machine.finished == [.download])
    }

    @Test("a dubbing job enqueues dub after download and mux after dub")
    func dubbingChain() throws {
        var machine = JobLifecycle(state: .downloading, plan: Self.dubPlan)
        #expect(try machine.handle(.finish(.download)).get().actions == [.enqueue(.dub)])
        _ = try machine.handle(.start(.dub)).get()
        #expect(try machine.handle(.finish(.dub)).get().actions == [.enqueue(.mux)])
        _ = try machine.handle(.start(.mux)).get()
        let last = try machine.handle(.finish(.mux)).get()
        #expect(last.states == [.complete])
        #expect(machine.finished == [.download, .dub, .mux])
    }

    @Test("dub and mux are rejected for a job that did not ask for dubbing")
    func stagesOutsidePlan() {
        var machine = JobLifecycle(state: .downloaded, plan: [])
        #expect(throws: JobLifecycle.Rejection.self) { try machine.handle(.start(.dub)).get() }
    }

    @Test("pausing a running download stops the worker and resumes to QUEUED")
    func pauseRunning() throws {
        var machine = JobLifecycle(state: .downloading)
        let pause = try machine.handle(.pause).get()
        #expect(pause.actions == [.stopWorker, .dequeue])
        #expect(machine.pausedFrom == .queued)
        let resume = try machine.handle(.resume).get()
        #expect(resume.states == [.queued])
        #expect(resume.actions == [.enqueue(.download)])
    }

    @Test("pausing a waiting dub job resumes to DOWNLOADED and enqueues dub")
    func pauseWaitingDub() throws {
        var machine = JobLifecycle(state: .downloaded, plan: Self.dubPlan, finished: [.download])
        #expect(try machine.handle(.pause).get().actions == [.dequeue])
        #expect(try machine.handle(.resume).get().actions == [.enqueue(.dub)])
        #expect(machine.state == .downloaded)
    }

    @Test("resume of a failed dubbing job restarts at its first unfinished stage")
    func resumeFailedSkipsDownload() throws {
        var machine = JobLifecycle(state: .failed, plan: Self.dubPlan, finished: [.download])
        let outcome = try machine.handle(.resume).get()
        #expect(machine.state == .downloaded)
        #expect(outcome.actions == [.enqueue(.dub)])
    }

    @Test("cancel of a running job stops it, dequeues and removes temp files")
    func cancelRunning() throws {
        var machine = JobLifecycle(state: .downloading)
        #expect(try machine.handle(.cancel).get().actions == [.stopWorker, .dequeue, .removeTemporaryFiles])
    }

    @Test("retry from the start clears finished stages")
    func restartClears() throws {
        var machine = JobLifecycle(state: .failed, plan: Self.dubPlan, finished: [.download, .dub])
        let outcome = try machine.handle(.restart).get()
        #expect(machine.finished.isEmpty)
        #expect(outcome.actions == [.removeTemporaryFiles, .enqueue(.download)])
    }

    @Test("start now on a paused job resumes it ahead of the limit")
    func startNowPaused() throws {
        var machine = JobLifecycle(state: .paused, pausedFrom: .queued)
        #expect(try machine.handle(.startNow).get().actions == [.enqueueNow(.download)])
    }
}
