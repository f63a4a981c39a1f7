/// What a queue entry is about: one entry per key and queue.
///
/// A job's entries use the job's id (`3f2c…`); other work names itself, e.g. `source:42` for a
/// source sync or `sweep:retention` for a retention sweep. Keys order by their text, which breaks
/// ties between entries of equal priority and position. Encodes as a plain string.
public struct TaskKey: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible, Comparable, ExpressibleByStringLiteral {
    /// The key's text.
    public let rawValue: String

    /// Wraps a key's text.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Wraps a key's text.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// A key written as a string literal.
    public init(stringLiteral value: String) { self.rawValue = value }

    /// The key's text.
    public var description: String { rawValue }

    /// Orders keys by their text.
    public static func < (lhs: TaskKey, rhs: TaskKey) -> Bool { lhs.rawValue < rhs.rawValue }
}
