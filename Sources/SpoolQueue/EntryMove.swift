/// Where a pending entry goes among its queue's pending entries (Transmission's queue moves).
public enum EntryMove: String, Sendable, Codable, CaseIterable {
    /// Before every other entry of its priority class.
    case top
    /// Swapped with the entry before it in its priority class.
    case up
    /// Swapped with the entry after it in its priority class.
    case down
    /// After every other entry of its priority class.
    case bottom
}
