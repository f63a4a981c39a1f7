/// Where a job goes in its queue when moved (Transmission's queue moves).
public enum QueueMove: String, Sendable, Codable, CaseIterable {
    case top, up, down, bottom
}

/// The queue operations the job service needs; implemented over any queue driver.
public protocol JobScheduler: Sendable {
    /// Puts the job into the stage's queue (replacing an existing entry), optionally ahead of the limit.
    func enqueue(_ job: Job, stage: Stage, forced: Bool) async throws
    /// Removes the job's pending entries from every queue.
    func dequeue(_ id: JobID) async throws
    /// Moves the job within its queue; returns the job's new queue position.
    func move(_ id: JobID, stage: Stage, _ move: QueueMove) async throws -> Int64?
    /// The queue positions of the jobs waiting in the stage's queue.
    func positions(in stage: Stage) async throws -> [JobID: Int64]
    /// Ensures every job waiting or running in the store has an entry in its stage's queue (after a crash).
    func ensureQueued(_ work: [(job: Job, stage: Stage)]) async throws
}

/// Stops running work (the child process of a stage).
public protocol JobControl: Sendable {
    /// Stops the job's running stage if one runs here; returns whether something was stopped.
    func stop(_ id: JobID, reason: StopReason) async -> Bool
}

/// Why running work is stopped.
public enum StopReason: String, Sendable, Hashable {
    /// Paused by the user: keep partial files.
    case pause
    /// Canceled or deleted by the user.
    case cancel
    /// Stalled (no progress for too long).
    case stall
    /// The process is shutting down.
    case shutdown
}

/// Files a job owns: its temporary folder and its library output; disk space.
public protocol JobFiles: Sendable {
    /// Deletes `tmp/<jobId>/`.
    func removeTemporaryFiles(for id: JobID) async throws
    /// Deletes a finished file (only inside the library), then each folder above it that is left
    /// empty, up to the library root.
    func removeOutput(path: String) async throws
    /// Free bytes on the media volume.
    func freeBytes() throws -> Int64
}
