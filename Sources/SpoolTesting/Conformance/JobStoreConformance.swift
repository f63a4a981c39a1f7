import Foundation
import SpoolCore
import Testing

/// The conformance suite every ``JobStore`` passes: inserts and positions, atomic modify with
/// its events, lists (filters, sorts, paging, totals), the event log (monotonic ids, replay,
/// per-job pages), delete, media and counts.
///
/// The factory must return an empty store for each call. Dates are compared to the millisecond.
public enum JobStoreConformance {
    /// Makes an empty store for one check.
    public typealias Factory = @Sendable () async throws -> any JobStore

    /// Every check, for a parameterized test.
    public static let checks: [ConformanceCheck<Factory>] = [
        .init("insertAssignsIncreasingQueuePositions", insertAssignsIncreasingQueuePositions),
        .init("insertRejectsADuplicateID", insertRejectsADuplicateID),
        .init("storesEveryJobField", storesEveryJobField),
        .init("modifyWritesTheJobAndItsEventsTogether", modifyWritesTheJobAndItsEventsTogether),
        .init("modifyRollsBackWhenTheBodyThrows", modifyRollsBackWhenTheBodyThrows),
        .init("modifyOfAnUnknownJobThrowsNotFound", modifyOfAnUnknownJobThrowsNotFound),
        .init("concurrentModifiesDoNotLoseUpdates", concurrentModifiesDoNotLoseUpdates),
        .init("listFiltersByStateSearchAndTag", listFiltersByStateSearchAndTag),
        .init("listFiltersByIDPrefix", listFiltersByIDPrefix),
        .init("listSortsEveryWay", listSortsEveryWay),
        .init("listPagesWithAStableTotal", listPagesWithAStableTotal),
        .init("eventIDsIncreaseAndReplayAfterAnID", eventIDsIncreaseAndReplayAfterAnID),
        .init("jobEventsFilterByTypeAndLevel", jobEventsFilterByTypeAndLevel),
        .init("deleteRemovesTheJobAndKeepsItsRemovalEvent", deleteRemovesTheJobAndKeepsItsRemovalEvent),
        .init("mediaIsSavedReplacedAndLoaded", mediaIsSavedReplacedAndLoaded),
        .init("countsAndStateQueriesSeeEveryJob", countsAndStateQueriesSeeEveryJob),
        .init("storesProcessingProfileReportAndEncodeProgress", storesProcessingProfileReportAndEncodeProgress),
        .init("numbersAreStableAndNeverReused", numbersAreStableAndNeverReused),
        .init("listFiltersByOwner", listFiltersByOwner),
    ]

    /// Each insert goes to the end of the queue; the stored job reads back as returned, and its
    /// events come back with increasing ids.
    public static func insertAssignsIncreasingQueuePositions(_ makeStore: Factory) async throws {
        let store = try await makeStore()
        var positions: [Int64] = []
        var eventIDs: [Int64] = []
        for index in 0..<3 {
            let draft = job(url: "https://example.com/\(index)")
            let (stored, events) = try await store.insert(draft, events: [.jobAdded(draft), .log(draft.id, .info, "added")])
            positions.append(stored.queuePosition)
            eventIDs += events.map(\.id)
            #expect(events.map(\.type) == [.jobAdded, .log])
            var expected = draft
            expected.queuePosition = stored.queuePosition
            expected.number = stored.number
            expectSame(stored, expected)
            expectSame(try await store.job(draft.id), stored)
        }
        #expect(positions == positions.sorted() && Set(positions).count == 3, "positions increase: \(positions)")
        #expect(eventIDs == eventIDs.sorted() && Set(eventIDs).count == eventIDs.count && eventIDs.allSatisfy { $0 > 0 })
        #expect(try await store.latestEventID() == eventIDs.last)
        #expect(try await store.job(JobID.random()) == nil)
    }

    /// A second job with the same id is a conflict and changes nothing.
    public static func insertRejectsADuplicateID(_ makeStore: Factory) async throws {
        let store = try await makeStore()
        let first = job(url: "https://example.com/first")
        _ = try await store.insert(first, events: [])
        var second = job(url: "https://example.com/second")
        second.id = first.id
        let error = await #expect(throws: SpoolError.self) { try await store.insert(second, events: [.jobAdded(second)]) }
        #expect(error?.code == .conflict)
        #expect(try await store.job(first.id)?.options.url == "https://example.com/first")
        #expect(try await store.latestEventID() == 0)
    }

    /// Every field of a job, options included, survives a write and a read.
    public static func storesEveryJobField(_ makeStore: Factory) async throws {
        let store = try await makeStore()
        let options = JobOptions(
            url: "https://example.com/watch?v=1&list=2", formatPreset: "1080p", outputContainer: .mp4,
            requestedDubbing: true, targetLang: "ru", dubbingProvider: "tts", sourceLang: "en",
            dubbingSubtitles: "1\n00:00:01,000 --> 00:00:02,000\nПривет\n", subtitleLanguages: ["en", "ru"],
            embedThumbnail: true, priority: .high, tags: ["music", "live"], outputTemplate: "%(uploader)s/%(title)s.%(ext)s"
        )
        let (inserted, _) = try await store.insert(Job(options: options, now: Date(timeIntervalSince1970: 1_750_000_000.25)), events: [])
        let started = Date(timeIntervalSince1970: 1_750_000_100.5)
        let (modified, _) = try await store.modify(inserted.id) { job in
            job.state = .paused
            job.pausedFrom = .dubbed
            job.progress = JobProgress(stage: .dub, percent: 42.5, downloadedBytes: 1_000, totalBytes: 5_000_000_000, speed: 1234.5, eta: 17)
            job.attempts = 2
            job.failure = JobFailure(code: "tool_failed", message: "ffmpeg exited with 1", stage: .mux)
            job.title = "Ünïcödé — title"
            job.outputPath = "/library/a b/c.mp4"
            job.finishedStages = [.download, .dub]
            job.artifacts = [
                JobArtifact(kind: .subtitles, path: "/tmp/x/subs.ru.vtt", language: "ru", stage: .download),
                JobArtifact(kind: .voiceTrack, path: "/tmp/x/dub/voice.wav", language: "ru", stage: .dub),
            ]
            job.updatedAt = started.addingTimeInterval(5)
            job.startedAt = started
            job.finishedAt = started.addingTimeInterval(10)
            return []
        }
        #expect(modified.options == options)
        expectSame(try await store.job(inserted.id), modified)
    }

    /// `modify` stores the change and the events it returns together; events get fresh ids.
    public static func modifyWritesTheJobAndItsEventsTogether(_ makeStore: Factory) async throws {
        let store = try await makeStore()
        let draft = job(url: "https://example.com/a")
        let (inserted, added) = try await store.insert(draft, events: [.jobAdded(draft)])
        let (changed, events) = try await store.modify(inserted.id) { job in
            job.state = .downloading
            job.title = "Now known"
            return [.stateChange(job.id, from: .queued, to: .downloading), .log(job.id, .info, "started")]
        }
        #expect(changed.state == .downloading)
        #expect(events.map(\.type) == [.stateChange, .log])
        #expect(events.allSatisfy { $0.id > (added.last?.id ?? 0) })
        #expect(events.count == 2 && events[0].id < events[1].id)
        expectSame(try await store.job(inserted.id), changed)
        let page = try await store.events(for: inserted.id, query: EventQuery(types: [.stateChange]))
        #expect(page.events.map(\.id) == [events[0].id])
        #expect(page.events.first?.payload == events[0].payload)
    }

    /// A throwing body leaves the job and the event log untouched and its error reaches the caller.
    public static func modifyRollsBackWhenTheBodyThrows(_ makeStore: Factory) async throws {
        let store = try await makeStore()
        let (inserted, _) = try await store.insert(job(url: "https://example.com/a"), events: [])
        let before = try await store.latestEventID()
        let error = await #expect(throws: SpoolError.self) {
            try await store.modify(inserted.id) { job in
                job.state = .failed
                job.title = "should not stick"
                throw SpoolError(.illegalTransition, "no")
            }
        }
        #expect(error?.code == .illegalTransition)
        await #expect(throws: ConformanceFailure.self) {
            try await store.modify(inserted.id) { job in
                job.attempts = 99
                throw ConformanceFailure()
            }
        }
        expectSame(try await store.job(inserted.id), inserted)
        #expect(try await store.latestEventID() == before)
    }

    /// `modify` of a missing job throws `not_found` without calling the body.
    public static func modifyOfAnUnknownJobThrowsNotFound(_ makeStore: Factory) async throws {
        let store = try await makeStore()
        let error = await #expect(throws: SpoolError.self) {
            try await store.modify(JobID.random()) { _ in
                Issue.record("the body runs only for an existing job")
                return []
            }
        }
        #expect(error?.code == .notFound)
    }

    /// Read-change-write is atomic: concurrent increments all land.
    public static func concurrentModifiesDoNotLoseUpdates(_ makeStore: Factory) async throws {
        let store = try await makeStore()
        let (inserted, _) = try await store.insert(job(url: "https://example.com/a"), events: [])
        let ids = try await withThrowingTaskGroup(of: Int64.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    let (_, events) = try await store.modify(inserted.id) { job in
                        job.attempts += 1
                        return [.log(job.id, .debug, "attempt \(job.attempts)")]
                    }
                    return events.first?.id ?? 0
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(try await store.job(inserted.id)?.attempts == 20)
        #expect(Set(ids).count == 20 && !ids.contains(0))
        let messages = try await store.events(for: inserted.id, query: EventQuery(limit: 100)).events.compactMap { $0.payload["message"]?.stringValue }
        #expect(messages == (1...20).map { "attempt \($0)" }, "event order matches commit order")
    }

    /// A job for the checks.
    static func job(url: String, priority: JobPriority = .normal, tags: [String] = [], title: String? = nil, state: JobState = .queued, created: Date = Date(), percent: Double? = nil) -> Job {
        var job = Job(options: JobOptions(url: url, priority: priority, tags: tags), now: created)
        job.title = title
        job.state = state
        job.progress.percent = percent
        return job
    }

    /// Expects `actual` to equal `expected`, dates to the millisecond.
    static func expectSame(_ actual: Job?, _ expected: Job, sourceLocation: SourceLocation = #_sourceLocation) {
        guard var actual else {
            Issue.record("job \(expected.id) is missing", sourceLocation: sourceLocation)
            return
        }
        let datesMatch = ConformanceSupport.close(actual.createdAt, expected.createdAt)
            && ConformanceSupport.close(actual.updatedAt, expected.updatedAt)
            && ConformanceSupport.close(actual.startedAt, expected.startedAt)
            && ConformanceSupport.close(actual.finishedAt, expected.finishedAt)
        #expect(datesMatch, "dates differ: \(actual) vs \(expected)", sourceLocation: sourceLocation)
        actual.createdAt = expected.createdAt
        actual.updatedAt = expected.updatedAt
        actual.startedAt = expected.startedAt
        actual.finishedAt = expected.finishedAt
        #expect(actual == expected, sourceLocation: sourceLocation)
    }
}
