import Foundation

/// Where a batch stands, derived from its jobs: one state for the whole batch (seed 003's job
/// status), counts by job state, overall progress, the failures and the finished files.
///
/// A batch whose items all ended is `completed` when at least one file came out (the failed items
/// are listed in ``errors``: seed 003's "partial recovery"), `failed` when none did and some
/// failed, and `cancelled` when every item was canceled or removed.
public struct BatchStatus: Sendable, Hashable {
    /// The batch's state, in seed 003's words.
    public enum State: String, Sendable, Codable, CaseIterable, Hashable {
        /// No item has started.
        case pending
        /// An item is downloading (or waiting to, after others finished).
        case downloading
        /// No item is downloading; one is being dubbed, processed or uploaded.
        case processing
        /// Every item ended and at least one finished.
        case completed
        /// Every item ended, none finished, and some failed.
        case failed
        /// Every item was canceled or removed.
        case cancelled

        /// Whether no more work happens without a user action.
        public var isTerminal: Bool { self == .completed || self == .failed || self == .cancelled }

        /// One job's state in these words (a paused job is `pending`).
        public init(jobState: JobState) {
            self = BatchStatus.state(of: [jobState], removed: 0)
        }
    }

    /// One URL of the batch.
    public struct Item: Sendable, Hashable {
        /// Its place in the batch, from 1.
        public var episode: Int
        /// Its job's id.
        public var jobID: JobID
        /// Its job; nil once the job was deleted.
        public var job: Job?
        /// How far the job is, 0–100, over every stage it runs (100 once it ended).
        public var percent: Double
    }

    /// The batch.
    public var batch: Batch
    /// Its items, in episode order.
    public var items: [Item]
    /// The batch's state.
    public var state: State
    /// Overall progress, 0–100: the mean of the items'.
    public var percent: Double
    /// When the last item ended; nil until every item has.
    public var finishedAt: Date?
    /// When an item last changed (the batch's creation when none has).
    public var updatedAt: Date

    /// Whether the user `scope` sees the batch (nil: anyone): when one of its remaining jobs is
    /// theirs or no one's (``Job/ownerID``).
    public func isVisible(to scope: Int64?) -> Bool {
        guard let scope else { return true }
        return items.contains { item in item.job?.isVisible(to: scope) ?? false }
    }

    /// The status of `batch` with its jobs (missing ones were deleted); a job's progress is
    /// counted over the stages `stages` plans for it.

    public init(_ batch: Batch, jobs: [JobID: Job], stages: StageCatalog) {
        self.batch = batch
        items = batch.jobIDs.enumerated().map { index, id in
            let job = jobs[id]
            return Item(episode: index + 1, jobID: id, job: job, percent: job.map { Self.percent(of: $0, stages: stages) } ?? 100)
        }
        let states = items.compactMap { $0.job?.state }
        state = Self.state(of: states, removed: items.count - states.count)
        percent = items.isEmpty ? 100 : items.map(\.percent).reduce(0, +) / Double(items.count)
        let ended = items.compactMap(\.job).filter(\.state.isTerminal)
        finishedAt = state.isTerminal ? ended.compactMap(\.finishedAt).max() ?? batch.createdAt : nil
        updatedAt = items.compactMap { $0.job?.updatedAt }.max() ?? batch.createdAt
    }

    /// How many items are in each job state (deleted ones are not counted).
    public var counts: [JobState: Int] {
        items.reduce(into: [:]) { counts, item in
            if let state = item.job?.state { counts[state, default: 0] += 1 }
        }
    }

    /// Items whose job was deleted.
    public var removed: Int { items.filter { $0.job == nil }.count }

    /// Items whose job finished.
    public var completed: Int { counts[.complete] ?? 0 }

    /// Items whose job failed.
    public var failed: Int { counts[.failed] ?? 0 }

    /// One line per failed item: its episode, URL and the job's error.
    public var errors: [String] {
        items.compactMap { item in
            guard let job = item.job, job.state == .failed else { return nil }
            let message = job.failure.map { "\($0.message) (\($0.code))" } ?? "failed"
            return "episode \(item.episode) (\(job.options.url)): \(message)"
        }
    }

    /// The finished items' files, in episode order.
    public var outputFiles: [String] {
        items.compactMap { item in item.job.flatMap { $0.state == .complete ? $0.outputPath : nil } }
    }

    /// The batch's state from its jobs' states and how many jobs were deleted.
    static func state(of states: [JobState], removed: Int) -> State {
        if states.contains(.downloading) { return .downloading }
        let later: Set<JobState> = [.downloaded, .dubbing, .dubbed, .muxing, .processing, .uploading]
        if states.contains(where: later.contains) { return .processing }
        if states.contains(where: { !$0.isTerminal }) {
            return states.contains(where: \.isTerminal) || removed > 0 ? .downloading : .pending
        }
        if states.contains(.complete) { return .completed }
        if states.contains(.failed) { return .failed }
        return .cancelled
    }

    /// A job's progress over its planned stages: each finished stage counts whole, the running
    /// one by its percent; an ended job counts 100.
    static func percent(of job: Job, stages: StageCatalog) -> Double {
        if job.state.isTerminal { return 100 }
        let planned = max(1, stages.plan(for: job.options).count)
        let running = job.state.isRunning ? (job.progress.percent ?? 0) / 100 : 0
        return min(100, (Double(job.finishedStages.count) + running) / Double(planned) * 100)
    }
}
