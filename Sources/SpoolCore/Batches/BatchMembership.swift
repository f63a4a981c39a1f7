/// Where a job sits in a batch: the batch, its name and the job's episode number (1-based, in the
/// order the URLs were given). Kept in the job's options, so a job (and a list showing it) knows its
/// batch without a lookup; a batch's name never changes, so the copy stays true.
public struct BatchMembership: Sendable, Codable, Hashable {
    /// The batch.
    public var id: BatchID
    /// The batch's name; nil when it has none.
    public var name: String?
    /// The job's place in the batch, from 1.
    public var episode: Int

    /// Creates a membership.
    public init(id: BatchID, name: String? = nil, episode: Int) {
        self.id = id
        self.name = name
        self.episode = episode
    }
}
