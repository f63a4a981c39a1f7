import SpoolCore
import SpoolQueue

/// ``JobScheduler`` over any ``JobQueueDriver``: maps stages to queues and jobs to entries keyed
/// by the job's id.
public struct QueueScheduler: JobScheduler {
    /// The queue backend.
    public let driver: any JobQueueDriver

    /// Creates a scheduler.
    public init(driver: any JobQueueDriver) {
        self.driver = driver
    }

    /// Enqueues at the job's stored position so a resumed job keeps its place.
    public func enqueue(_ job: Job, stage: Stage, forced: Bool) async throws {
        try await driver.enqueue(EnqueueRequest(
            queue: QueueName(stage),
            key: TaskKey(job.id),
            priority: job.options.priority.rank,
            position: stage == .download && job.queuePosition > 0 ? job.queuePosition : nil,
            forced: forced
        ))
    }

    /// Removes the job from every queue.
    public func dequeue(_ id: JobID) async throws {
        try await driver.remove(key: TaskKey(id), from: nil)
    }

    /// Moves the job in its stage's queue.
    public func move(_ id: JobID, stage: Stage, _ move: QueueMove) async throws -> Int64? {
        try await driver.move(key: TaskKey(id), in: QueueName(stage), EntryMove(move))
    }

    /// The queue positions of the jobs in the stage's queue.
    public func positions(in stage: Stage) async throws -> [JobID: Int64] {
        Dictionary(try await driver.entries(in: QueueName(stage)).map { ($0.jobID, $0.position) }, uniquingKeysWith: { first, _ in first })
    }

    /// Re-creates missing entries for waiting and running jobs.
    public func ensureQueued(_ work: [(job: Job, stage: Stage)]) async throws {
        var present: [QueueName: Set<JobID>] = [:]
        for stage in Set(work.map(\.stage)) {
            let queue = QueueName(stage)
            present[queue] = Set(try await driver.entries(in: queue).map(\.jobID))
        }
        for (job, stage) in work {
            if present[QueueName(stage)]?.contains(job.id) != true {
                try await enqueue(job, stage: stage, forced: false)
            }
        }
    }
}
