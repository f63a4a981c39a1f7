import Foundation
import SpoolCore

/// A simple in-memory ``JobStore`` for API tests.
actor MemoryJobStore: JobStore {
    private var jobs: [JobID: Job] = [:]
    private var media: [JobID: Media] = [:]
    private var log: [JobEvent] = []
    private var nextEventID: Int64 = 1
    private var nextPosition: Int64 = 1
    private var lastNumber: Int64 = 0

    func insert(_ job: Job, events: [JobEvent]) throws -> (Job, [JobEvent]) {
        var job = job
        if job.queuePosition == 0 {
            job.queuePosition = nextPosition
            nextPosition += 1
        }
        lastNumber += 1
        job.number = lastNumber
        jobs[job.id] = job
        return (job, store(events))
    }

    func job(_ id: JobID) -> Job? { jobs[id] }

    func job(number: Int64) -> Job? { jobs.values.first { $0.number == number } }

    func modify(_ id: JobID, _ body: @Sendable (inout Job) throws -> [JobEvent]) throws -> (Job, [JobEvent]) {
        guard var job = jobs[id] else { throw SpoolError.jobNotFound(id) }
        let number = job.number
        let events = try body(&job)
        job.number = number
        jobs[id] = job
        return (job, store(events))
    }

    func delete(_ id: JobID, event: JobEvent) -> JobEvent? {
        guard jobs.removeValue(forKey: id) != nil else { return nil }
        media[id] = nil
        log.removeAll { $0.jobId == id }
        return store([event]).first
    }

    func list(_ query: JobQuery) -> JobPage {
        let needle = query.search?.lowercased()
        var matching = jobs.values.filter { job in
            (query.states.isEmpty || query.states.contains(job.state))
                && (query.tag.map { job.options.tags.contains($0) } ?? true)
                && (query.idPrefix.map { job.id.rawValue.hasPrefix($0.lowercased()) } ?? true)
                && (query.visibleTo.map { scope in job.ownerID.map { $0 == scope } ?? true } ?? true)
                && (needle.map { needle in
                    ([job.options.url, job.title ?? ""] + job.options.tags).contains { $0.lowercased().contains(needle) }
                } ?? true)
        }
        matching.sort { lhs, rhs in
            let ordered = Self.precedes(lhs, rhs, by: query.sort)
            return query.descending ? Self.precedes(rhs, lhs, by: query.sort) : ordered
        }
        let page = matching.dropFirst(query.offset).prefix(query.limit)
        return JobPage(jobs: Array(page), total: matching.count)
    }

    func countsByState() -> [JobState: Int] {
        Dictionary(grouping: jobs.values, by: \.state).mapValues(\.count)
    }

    func jobs(in states: Set<JobState>) -> [Job] {
        jobs.values.filter { states.contains($0.state) }
    }

    func saveMedia(_ media: Media) { self.media[media.jobID] = media }

    func media(for id: JobID) -> Media? { media[id] }

    func media(for ids: Set<JobID>) -> [JobID: Media] { media.filter { ids.contains($0.key) } }

    func append(_ events: [JobEvent]) -> [JobEvent] { store(events) }

    func events(after id: Int64, jobIDs: Set<JobID>?, limit: Int) -> [JobEvent] {
        Array(log.lazy.filter { event in
            event.id > id && (jobIDs.map { ids in event.jobId.map(ids.contains) ?? false } ?? true)
        }.prefix(limit))
    }

    func events(for jobID: JobID, query: EventQuery) -> EventPage {
        let matching = log.filter { event in
            guard event.jobId == jobID, query.types.isEmpty || query.types.contains(event.type) else { return false }
            guard event.type == .log, let minimum = query.minLevel else { return true }
            return event.payload["level"]?.stringValue.flatMap(LogLevel.init(rawValue:)).map { $0 >= minimum } ?? false
        }
        return EventPage(events: Array(matching.dropFirst(query.offset).prefix(query.limit)), total: matching.count)
    }

    func latestEventID() -> Int64 { nextEventID - 1 }

    func ping() {}

    private func store(_ events: [JobEvent]) -> [JobEvent] {
        events.filter(\.type.isDurable).map { event in
            var event = event
            event.id = nextEventID
            nextEventID += 1
            log.append(event)
            return event
        }
    }

    private static func precedes(_ lhs: Job, _ rhs: Job, by sort: JobQuery.Sort) -> Bool {
        switch sort {
        case .queue:
            if lhs.options.priority != rhs.options.priority { return lhs.options.priority > rhs.options.priority }
            return lhs.queuePosition < rhs.queuePosition
        case .created: return (lhs.createdAt, lhs.queuePosition) < (rhs.createdAt, rhs.queuePosition)
        case .updated: return (lhs.updatedAt, lhs.queuePosition) < (rhs.updatedAt, rhs.queuePosition)
        case .title: return (lhs.title ?? lhs.options.url) < (rhs.title ?? rhs.options.url)
        case .progress: return (lhs.progress.percent ?? 0) < (rhs.progress.percent ?? 0)
        case .state: return lhs.state.rawValue < rhs.state.rawValue
        }
    }
}
