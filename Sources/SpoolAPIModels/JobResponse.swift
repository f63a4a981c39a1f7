/// `{job}`: the answer of job creation and job control routes.
public struct JobResponse: Sendable, Codable, Hashable {
    /// The job after the request.
    public var job: JobDTO

    /// Wraps a job.
    public init(job: JobDTO) {
        self.job = job
    }
}
