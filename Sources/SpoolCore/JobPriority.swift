/// Transmission's priority classes; higher classes run first.
public enum JobPriority: String, Sendable, Codable, CaseIterable, Hashable, Comparable {
    case low
    case normal
    case high

    /// Numeric rank used for ordering (higher runs first).
    public var rank: Int {
        switch self {
        case .low: 0
        case .normal: 1
        case .high: 2
        }
    }

    /// The class with the given rank, clamped into range.
    public init(rank: Int) {
        self = rank <= 0 ? .low : (rank == 1 ? .normal : .high)
    }

    /// Orders by rank.
    public static func < (lhs: JobPriority, rhs: JobPriority) -> Bool { lhs.rank < rhs.rank }
}
