import Foundation
import SpoolCore
import Testing

extension SourceStoreConformance {
    /// Each item reads its job's state from the job row (nil once the job is deleted), and its
    /// phase follows: complete is downloaded, failed is failed, canceled or gone is removed, any
    /// other state is queued; counts group the same way.
    public static func phasesFollowTheJobs(_ makeStores: Factory) async throws {
        let stores = try await makeStores()
        let (sourceID, expected) = try await phaseFixture(stores)
        let items = try await stores.sources.items(sourceID: sourceID, query: .init(limit: 100))
        #expect(items.count == expected.count)
        for item in items {
            guard let (state, phase) = expected[item.entry.mediaID] else {
                Issue.record("unexpected item \(item.entry.mediaID)")
                continue
            }
            #expect(item.jobState == state, "job state of \(item.entry.mediaID)")
            #expect(item.phase == phase, "phase of \(item.entry.mediaID)")
        }
        let counts = try await stores.sources.itemCounts(sourceID: sourceID)
        #expect(counts == [
            .downloaded: 1, .failed: 1, .removed: 3, .queued: 3, .listed: 1, .seen: 1, .filtered: 1, .duplicate: 1, .deferred: 1, .deleted: 1,
        ])
        #expect(counts == Dictionary(grouping: items, by: \.phase).mapValues(\.count))
        #expect(try await stores.sources.itemCounts(sourceID: sourceID + 1000).isEmpty)
    }

    /// The database's phase and status filters select exactly the items whose ``SourceItem/phase``
    /// and status match, alone, combined and paged.
    public static func phaseAndStatusFiltersAgreeWithThePhase(_ makeStores: Factory) async throws {
        let stores = try await makeStores()
        let store = stores.sources
        let (sourceID, _) = try await phaseFixture(stores)
        let all = try await store.items(sourceID: sourceID, query: .init(limit: 100))
        for phase in SourceItemPhase.allCases {
            let selected = try await store.items(sourceID: sourceID, query: .init(phases: [phase], limit: 100))
            #expect(selected == all.filter { $0.phase == phase }, "phase \(phase)")
        }
        let some: Set<SourceItemPhase> = [.downloaded, .removed, .seen]
        #expect(try await store.items(sourceID: sourceID, query: .init(phases: some, limit: 100)) == all.filter { some.contains($0.phase) })
        for status in SourceItemStatus.allCases {
            let selected = try await store.items(sourceID: sourceID, query: .init(statuses: [status], limit: 100))
            #expect(selected == all.filter { $0.status == status }, "status \(status)")
        }
        let both = try await store.items(sourceID: sourceID, query: .init(phases: [.queued, .removed, .deleted], statuses: [.queued], limit: 100))
        #expect(both == all.filter { $0.status == .queued && [.queued, .removed].contains($0.phase) })
        #expect(try await store.items(sourceID: sourceID, query: .init(phases: [], limit: 100)).isEmpty)
        #expect(try await store.items(sourceID: sourceID, query: .init(statuses: [], limit: 100)).isEmpty)

        let removed = all.filter { $0.phase == .removed }
        let first = try await store.items(sourceID: sourceID, query: .init(phases: [.removed], limit: 2))
        let rest = try await store.items(sourceID: sourceID, query: .init(phases: [.removed], limit: 2, offset: 2))
        #expect(first + rest == removed && first.count == 2)
    }

    /// `archivedElsewhere` finds an item of another source with the same extractor and media id
    /// that was queued or deleted; listed, seen or filtered items elsewhere and the source itself
    /// do not count.
    public static func archivedElsewhereFindsVideosOtherSourcesTook(_ makeStores: Factory) async throws {
        let stores = try await makeStores()
        let store = stores.sources
        let job = try await insertJob(stores.jobs, state: .complete)
        var sources: [Int64] = []
        for name in ["took", "saw", "filtered", "deleted", "vimeo"] {
            sources.append(try await store.insertSource(Source(name: name, url: "https://example.com/\(name)")).id)
        }
        _ = try await store.addItems([item("x", status: .queued, jobID: job.id)], status: SourceStatus(), to: sources[0])
        _ = try await store.addItems([item("x", status: .seen), item("y", status: .listed)], status: SourceStatus(), to: sources[1])
        _ = try await store.addItems([item("x", status: .filtered)], status: SourceStatus(), to: sources[2])
        _ = try await store.addItems([item("y", status: .deleted)], status: SourceStatus(), to: sources[3])
        _ = try await store.addItems([item("x", status: .queued, extractor: "vimeo")], status: SourceStatus(), to: sources[4])

        let found = try await store.archivedElsewhere(extractor: "youtube", mediaID: "x", excluding: sources[1])
        #expect(found?.sourceID == sources[0] && found?.entry.mediaID == "x" && found?.jobState == .complete && found?.phase == .downloaded)
        #expect(try await store.archivedElsewhere(extractor: "youtube", mediaID: "x", excluding: sources[0]) == nil)
        #expect(try await store.archivedElsewhere(extractor: "youtube", mediaID: "y", excluding: sources[1])?.sourceID == sources[3])
        #expect(try await store.archivedElsewhere(extractor: "youtube", mediaID: "y", excluding: sources[3]) == nil)
        #expect(try await store.archivedElsewhere(extractor: "vimeo", mediaID: "x", excluding: sources[0])?.sourceID == sources[4])
        #expect(try await store.archivedElsewhere(extractor: "youtube", mediaID: "nope", excluding: sources[0]) == nil)
    }

    /// One source whose items cover every status and, for queued items, every kind of job
    /// outcome (jobs stored through the job store; one deleted again). Returns the source and
    /// each media id's expected job state and phase.
    static func phaseFixture(_ stores: Stores) async throws -> (Int64, [String: (JobState?, SourceItemPhase)]) {
        let source = try await stores.sources.insertSource(Source(name: "phases", url: "https://example.com/phases"))
        var items: [SourceItem] = []
        var expected: [String: (JobState?, SourceItemPhase)] = [:]
        func add(_ mediaID: String, _ status: SourceItemStatus, job: Job?, _ state: JobState?, _ phase: SourceItemPhase) {
            items.append(item(mediaID, status: status, jobID: job?.id, position: items.count))
            expected[mediaID] = (state, phase)
        }
        let outcomes: [(JobState, SourceItemPhase)] = [
            (.complete, .downloaded), (.failed, .failed), (.canceled, .removed), (.queued, .queued), (.downloading, .queued), (.paused, .queued),
        ]
        for (state, phase) in outcomes {
            add("job-\(state.rawValue.lowercased())", .queued, job: try await insertJob(stores.jobs, state: state), state, phase)
        }
        let gone = try await insertJob(stores.jobs, state: .complete)
        _ = try await stores.jobs.delete(gone.id, event: .jobRemoved(gone.id))
        add("job-deleted", .queued, job: gone, nil, .removed)
        add("no-job", .queued, job: nil, nil, .removed)
        for status in [SourceItemStatus.listed, .seen, .filtered, .duplicate, .deferred] {
            add("item-\(status.rawValue)", status, job: nil, nil, SourceItemPhase(rawValue: status.rawValue)!)
        }
        let kept = try await insertJob(stores.jobs, state: .complete)
        add("item-deleted", .deleted, job: kept, .complete, .deleted)
        _ = try await stores.sources.addItems(items.shuffled(), status: SourceStatus(), to: source.id)
        return (source.id, expected)
    }
}
