/// `GET /api/jobs`: one page of jobs and the total matching count.
public struct JobListResponse: Sendable, Codable, Hashable {
    /// Jobs on this page.
    public var jobs: [JobDTO]
    /// All jobs matching the filters.
    public var total: Int
    /// Page size used.
    public var limit: Int
    /// Rows skipped.
    public var offset: Int

    /// Creates a page.
    public init(jobs: [JobDTO], total: Int, limit: Int, offset: Int) {
        self.jobs = jobs
        self.total = total
        self.limit = limit
        self.offset = offset
    }
}
