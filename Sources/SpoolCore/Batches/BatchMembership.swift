/// Where a job sits in a batch: the batch and the job's episode number (1-based, in the order
/// the URLs were given). Kept in the job's options, so a job knows its batch without a lookup.
public struct BatchMembership: Sendable, Codable, Hashable {
    /// The batch.
    public var id: BatchID
    /// The job's place in the batch, from 1.
    public var episode: Int

    /// Creates a membership.
    public init(id: BatchID, episode: Int) {
        self.id = id
        self.episode = episode
    }
}
