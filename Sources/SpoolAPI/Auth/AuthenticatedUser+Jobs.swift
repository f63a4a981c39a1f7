import SpoolCore

extension AuthenticatedUser {
    /// Whose jobs the caller sees: nil for every job (admins; viewers, who read everything), else
    /// the user's own id (a `user` sees their own jobs and those that belong to no one).
    public var jobScope: Int64? {
        role == .user ? user.id : nil
    }

    /// Whether the caller may see (and, with the role for it, control) `job`.
    public func canSee(_ job: Job) -> Bool {
        job.isVisible(to: jobScope)
    }
}

extension JobService {
    /// The job `id` if `identity` may see it; another user's job is `404 not_found`, exactly like
    /// a job that does not exist, so ids do not leak.
    func job(_ id: JobID, visibleTo identity: AuthenticatedUser) async throws -> Job {
        guard let job = try await store.job(id), identity.canSee(job) else { throw SpoolError.jobNotFound(id) }
        return job
    }
}
