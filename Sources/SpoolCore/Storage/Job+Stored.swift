import Foundation

extension Job {
    /// The job as it reads back from a database (dates rounded through unix seconds), so what a
    /// write returns equals what a later read returns.
    public var asStored: Job {
        var job = self
        job.createdAt = createdAt.asStored
        job.updatedAt = updatedAt.asStored
        job.startedAt = startedAt?.asStored
        job.finishedAt = finishedAt?.asStored
        return job
    }
}

extension Date {
    /// The date as it reads back from a unix-seconds double column.
    public var asStored: Date { Date(timeIntervalSince1970: timeIntervalSince1970) }
}
