import Foundation
import SpoolCore
import Testing

extension JobStoreConformance {
    /// Event ids increase across all jobs; replay returns what came after an id, oldest first,
    /// optionally for some jobs only; progress is never stored.
    public static func eventIDsIncreaseAndReplayAfterAnID(_ makeStore: Factory) async throws {
        let store = try await makeStore()
        let (a, _) = try await store.insert(job(url: "https://example.com/a"), events: [])
        let (b, _) = try await store.insert(job(url: "https://example.com/b"), events: [])
        let appended = try await store.append([
            .log(a.id, .info, "a1"),
            .log(b.id, .info, "b1"),
            .stateChange(a.id, from: .queued, to: .downloading),
            .progress(a.id, JobProgress(stage: .download, percent: 5)),
            .error(b.id, code: "download_failed", message: "b2"),
            .notification(nil, kind: "disk", title: "Disk", message: "low", severity: .warning),
        ])
        let durable = appended.filter { $0.type.isDurable }
        let ids = durable.map(\.id)
        #expect(durable.count == 5)
        #expect(ids == ids.sorted() && Set(ids).count == 5 && ids.allSatisfy { $0 > 0 }, "ids increase: \(ids)")
        #expect(try await store.latestEventID() == ids.last)

        let all = try await store.events(after: 0, jobIDs: nil, limit: 100)
        #expect(all.map(\.id) == ids, "progress is not stored")
        #expect(all.map(\.type) == [.log, .log, .stateChange, .error, .notification])
        #expect(all[0].jobId == a.id && all[0].payload == durable[0].payload)
        #expect(all.last?.jobId == nil)
        #expect(ConformanceSupport.close(all[0].timestamp, durable[0].timestamp))
        #expect(try await store.events(after: ids[1], jobIDs: nil, limit: 100).map(\.id) == Array(ids[2...]))
        #expect(try await store.events(after: 0, jobIDs: [a.id], limit: 100).map(\.id) == [ids[0], ids[2]])
        #expect(try await store.events(after: ids[0], jobIDs: [a.id, b.id], limit: 100).map(\.id) == [ids[1], ids[2], ids[3]])
        #expect(try await store.events(after: 0, jobIDs: nil, limit: 2).map(\.id) == Array(ids[..<2]))
        #expect(try await store.events(after: ids[4], jobIDs: nil, limit: 100).isEmpty)

        let later = try await store.append([.log(a.id, .info, "a3")])
        #expect((later.first?.id ?? 0) > ids[4])
    }

    /// A job's event page filters by type and, for log events only, by minimum level; it pages
    /// oldest first with the total of all matches.
    public static func jobEventsFilterByTypeAndLevel(_ makeStore: Factory) async throws {
        let store = try await makeStore()
        let (a, _) = try await store.insert(job(url: "https://example.com/a"), events: [])
        let (b, _) = try await store.insert(job(url: "https://example.com/b"), events: [])
        let stored = try await store.append([
            .log(a.id, .debug, "debug"),
            .log(a.id, .info, "info"),
            .log(b.id, .error, "other job"),
            .log(a.id, .warning, "warning"),
            .stateChange(a.id, from: .queued, to: .downloading),
            .log(a.id, .error, "error"),
            .error(a.id, code: "tool_failed", message: "failed"),
        ])
        let mine = stored.filter { $0.jobId == a.id }.map(\.id)
        func ids(_ query: EventQuery) async throws -> ([Int64], Int) {
            let page = try await store.events(for: a.id, query: query)
            return (page.events.map(\.id), page.total)
        }

        #expect(try await ids(EventQuery()) == (mine, 6))
        #expect(try await ids(EventQuery(types: [.log])) == ([mine[0], mine[1], mine[2], mine[4]], 4))
        #expect(try await ids(EventQuery(minLevel: .warning)) == ([mine[2], mine[3], mine[4], mine[5]], 4), "other types pass the level filter")
        #expect(try await ids(EventQuery(types: [.log], minLevel: .info)) == ([mine[1], mine[2], mine[4]], 3))
        #expect(try await ids(EventQuery(types: [.stateChange, .error])) == ([mine[3], mine[5]], 2))
        #expect(try await ids(EventQuery(limit: 2, offset: 1)) == ([mine[1], mine[2]], 6))
        #expect(try await ids(EventQuery(limit: 10, offset: 6)) == ([], 6))
        #expect(try await store.events(for: JobID.random(), query: EventQuery()).total == 0)
    }

    /// Deleting a job removes it with its media and events and appends the removal event, which
    /// replays after the job is gone; ids are never reused.
    public static func deleteRemovesTheJobAndKeepsItsRemovalEvent(_ makeStore: Factory) async throws {
        let store = try await makeStore()
        let draft = job(url: "https://example.com/a")
        let (a, added) = try await store.insert(draft, events: [.jobAdded(draft)])
        let (kept, _) = try await store.insert(job(url: "https://example.com/b"), events: [])
        try await store.saveMedia(Media(jobID: a.id))
        _ = try await store.append([.log(a.id, .info, "working"), .log(kept.id, .info, "unrelated")])
        let before = try await store.latestEventID()

        let removed = try #require(try await store.delete(a.id, event: .jobRemoved(a.id)))
        #expect(removed.type == .jobRemoved && removed.jobId == a.id)
        #expect(removed.id > before)
        #expect(try await store.job(a.id) == nil)
        #expect(try await store.media(for: a.id) == nil)
        #expect(try await store.job(kept.id) != nil)
        #expect(try await store.events(after: 0, jobIDs: [a.id], limit: 100).map(\.id) == [removed.id], "the removal event outlives the job")
        #expect(try await store.events(after: added.last?.id ?? 0, jobIDs: nil, limit: 100).map(\.type).last == .jobRemoved)
        #expect(try await store.events(for: kept.id, query: EventQuery()).total == 1)
        #expect(try await store.latestEventID() == removed.id)

        #expect(try await store.delete(a.id, event: .jobRemoved(a.id)) == nil, "deleting a missing job stores nothing")
        #expect(try await store.latestEventID() == removed.id)
        let next = try await store.append([.log(kept.id, .info, "after")])
        #expect((next.first?.id ?? 0) > removed.id, "ids are never reused")
    }

    /// Media is stored per job, replaced on save and read back field for field.
    public static func mediaIsSavedReplacedAndLoaded(_ makeStore: Factory) async throws {
        let store = try await makeStore()
        let (a, _) = try await store.insert(job(url: "https://example.com/a"), events: [])
        #expect(try await store.media(for: a.id) == nil)

        var media = Media(jobID: a.id, updatedAt: Date(timeIntervalSince1970: 1_750_000_000.5))
        media.title = "Title"
        media.uploader = "Uploader"
        media.duration = 12.5
        media.width = 1920
        media.height = 1080
        media.filesize = 5_000_000_000
        media.extractor = "generic"
        media.sourceID = "abc"
        media.webpageURL = "https://example.com/a"
        media.thumbnailURL = "https://example.com/a.jpg"
        media.path = "/library/Title.mkv"
        media.relativePath = "Title.mkv"
        media.container = "matroska,webm"
        media.videoCodec = "h264"
        media.audioCodec = "aac"
        try await store.saveMedia(media)
        #expect(try await store.media(for: a.id) == media)

        var replaced = Media(jobID: a.id, updatedAt: media.updatedAt.addingTimeInterval(1))
        replaced.title = "New title"
        try await store.saveMedia(replaced)
        #expect(try await store.media(for: a.id) == replaced, "saving replaces every field")

        let (b, _) = try await store.insert(job(url: "https://example.com/b"), events: [])
        let (c, _) = try await store.insert(job(url: "https://example.com/c"), events: [])
        let other = Media(jobID: c.id, updatedAt: Date(timeIntervalSince1970: 1_750_000_100))
        try await store.saveMedia(other)
        #expect(try await store.media(for: [a.id, b.id, c.id]) == [a.id: replaced, c.id: other], "one read for many jobs; b has none")
        #expect(try await store.media(for: []).isEmpty)
    }
}
