/// Persistence of jobs, media metadata and the durable event log.
///
/// Implemented by the embedded SQLite backend and by PostgreSQL; both pass the same conformance suite.
public protocol JobStore: Sendable {
    /// Inserts a new job, giving it the next queue position and the next ``Job/number`` (numbers
    /// are never reused, even after the newest job is deleted); returns the stored job.
    func insert(_ job: Job, events: [JobEvent]) async throws -> (Job, [JobEvent])
    /// The job with this id, or nil.
    func job(_ id: JobID) async throws -> Job?
    /// The job with this ``Job/number``, or nil.
    func job(number: Int64) async throws -> Job?
    /// Atomically reads, changes and writes a job and appends the events `body` returns, in one
    /// transaction. Throws `SpoolError.notFound` for an unknown id; errors thrown by `body` roll back.
    func modify(_ id: JobID, _ body: @Sendable (inout Job) throws -> [JobEvent]) async throws -> (Job, [JobEvent])
    /// Deletes a job with its media and events (an event `job_removed` is appended to the log).
    func delete(_ id: JobID, event: JobEvent) async throws -> JobEvent?
    /// A filtered, sorted page of jobs.
    func list(_ query: JobQuery) async throws -> JobPage
    /// Number of jobs in each state.
    func countsByState() async throws -> [JobState: Int]
    /// Every job in one of the given states (used for recovery at start).
    func jobs(in states: Set<JobState>) async throws -> [Job]
    /// Writes (inserts or replaces) a job's media metadata.
    func saveMedia(_ media: Media) async throws
    /// A job's media metadata, or nil.
    func media(for id: JobID) async throws -> Media?
    /// The media metadata of those of `ids` that have some, in one read (lists that show sizes).
    func media(for ids: Set<JobID>) async throws -> [JobID: Media]
    /// Appends durable events (not progress) and returns them with their ids.
    func append(_ events: [JobEvent]) async throws -> [JobEvent]
    /// Durable events with id greater than `id`, oldest first, optionally for some jobs only.
    func events(after id: Int64, jobIDs: Set<JobID>?, limit: Int) async throws -> [JobEvent]
    /// A job's events for the logs endpoint, oldest first.
    func events(for jobID: JobID, query: EventQuery) async throws -> EventPage
    /// Highest event id stored (0 when empty).
    func latestEventID() async throws -> Int64
    /// Checks the store answers (for `/healthz`).
    func ping() async throws
}

/// Filters for ``JobStore/list(_:)``.
public struct JobQuery: Sendable, Hashable {
    /// Sort keys for job lists.
    public enum Sort: String, Sendable, CaseIterable {
        case queue, created, updated, title, progress, state
    }

    /// Only jobs in these states (empty: all).
    public var states: Set<JobState>
    /// Case-insensitive substring of url, title or tags.
    public var search: String?
    /// Only jobs carrying this tag.
    public var tag: String?
    /// Only jobs whose id starts with this (lowercase hex and dashes), for short ids.
    public var idPrefix: String?
    /// Only jobs this user may see: those whose ``Job/ownerID`` is this id or nil (nil: every job).
    public var visibleTo: Int64?
    /// Page size.
    public var limit: Int
    /// Rows to skip.
    public var offset: Int
    /// Sort key.
    public var sort: Sort
    /// Descending order.
    public var descending: Bool

    /// Creates a query; defaults list the queue in order.
    public init(states: Set<JobState> = [], search: String? = nil, tag: String? = nil, idPrefix: String? = nil, visibleTo: Int64? = nil, limit: Int = 50, offset: Int = 0, sort: Sort = .queue, descending: Bool = false) {
        self.states = states
        self.search = search
        self.tag = tag
        self.idPrefix = idPrefix
        self.visibleTo = visibleTo
        self.limit = limit
        self.offset = offset
        self.sort = sort
        self.descending = descending
    }
}

/// One page of jobs and the total matching count.
public struct JobPage: Sendable {
    /// Jobs on this page.
    public var jobs: [Job]
    /// All matching jobs.
    public var total: Int

    /// Creates a page.
    public init(jobs: [Job], total: Int) {
        self.jobs = jobs
        self.total = total
    }
}

/// Filters for a job's events.
public struct EventQuery: Sendable, Hashable {
    /// Only these types (empty: all durable types).
    public var types: Set<EventType>
    /// Only log events at or above this level (other types pass).
    public var minLevel: LogLevel?
    /// Page size.
    public var limit: Int
    /// Rows to skip.
    public var offset: Int

    /// Creates a query.
    public init(types: Set<EventType> = [], minLevel: LogLevel? = nil, limit: Int = 100, offset: Int = 0) {
        self.types = types
        self.minLevel = minLevel
        self.limit = limit
        self.offset = offset
    }
}

/// A page of events and the total matching count.
public struct EventPage: Sendable {
    /// Events on this page.
    public var events: [JobEvent]
    /// All matching events.
    public var total: Int

    /// Creates a page.
    public init(events: [JobEvent], total: Int) {
        self.events = events
        self.total = total
    }
}
