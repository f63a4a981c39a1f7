import SpoolCore
import SpoolQueue

extension TaskKey {
    /// A job's key in the stage queues: the job's id, as stored before the queue carried other tasks.
    public init(_ id: JobID) { self.init(rawValue: id.rawValue) }
}

extension QueueEntry {
    /// The job of an entry of a stage queue (whose keys are job ids).
    public var jobID: JobID { JobID(rawValue: key.rawValue) }
}

extension LeaseContext {
    /// The job of a claimed entry of a stage queue (whose keys are job ids).
    public var jobID: JobID { lease.entry.jobID }
}
