/// `GET /api/jobs/:id`: the job, its media and its latest durable events, oldest first.
public struct JobDetailResponse: Sendable, Codable, Hashable {
    /// The job.
    public var job: JobDTO
    /// Media metadata once known, else `null`.
    public var media: MediaDTO?
    /// Up to the 200 latest durable events, oldest first.
    public var events: [EventDTO]

    /// Creates a detail body.
    public init(job: JobDTO, media: MediaDTO?, events: [EventDTO]) {
        self.job = job
        self.media = media
        self.events = events
    }

    /// Encodes every member, a missing media as `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(job, forKey: .job)
        try container.encode(media, forKey: .media)
        try container.encode(events, forKey: .events)
    }
}
