extension JobService {
    /// The media rows of `ids` (one indexed read each), for the sizes a retention weighs.
    public func mediaRows(of ids: [JobID]) async throws -> [JobID: Media] {
        var rows: [JobID: Media] = [:]
        for id in ids where rows[id] == nil {
            if let media = try await store.media(for: id) { rows[id] = media }
        }
        return rows
    }

    /// What deleting the job with its files removes, as a retention's dry run lists it: its
    /// ``Job/storedFiles(media:)`` and size. Nil when the job is gone.
    /// - Parameter media: The job's media row when already read.
    public func deletion(of id: JobID, reason: String, media: Media? = nil) async throws -> RetentionDeletion? {
        guard let job = try await store.job(id) else { return nil }
        var row = media
        if row == nil { row = try await store.media(for: id) }
        return RetentionDeletion(jobID: id, title: job.title ?? row?.title, paths: job.storedFiles(media: row), bytes: row?.filesize, reason: reason)
    }

    /// Deletes a retention's job with its files, as ``delete(_:deleteFiles:reason:)`` does; its
    /// `job_removed` event keeps the reason.
    /// - Returns: The deletion with the files really removed; nil when the job was gone already
    ///   (another run took it). A deletion without a job is returned as it is.
    public func delete(_ deletion: RetentionDeletion) async throws -> RetentionDeletion? {
        guard let id = deletion.jobID else { return deletion }
        var done = deletion
        do {
            done.paths = try await delete(id, deleteFiles: true, reason: "retention: \(deletion.reason)")
        } catch let error as SpoolError where error.code == .notFound {
            return nil
        }
        return done
    }
}
