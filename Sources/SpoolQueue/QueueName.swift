/// A named queue (`q:download`, `q:sync`, …).
public struct QueueName: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The queue's name.
    public let rawValue: String
    /// Wraps a name.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// The name.
    public var description: String { rawValue }
}
