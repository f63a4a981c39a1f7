/// A batch's stable identifier: a lowercase UUID string, like a job's.
public struct BatchID: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    /// The identifier text.
    public let rawValue: String

    /// Wraps an existing identifier.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Wraps an existing identifier.
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// A new random identifier.
    public static func random() -> BatchID {
        BatchID(rawValue: UUIDText.random())
    }

    /// The identifier text.
    public var description: String { rawValue }

    /// Decodes from a plain string.
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    /// Encodes as a plain string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// Whether the text looks like an identifier Spool issues.
    public var isWellFormed: Bool { JobID(rawValue).isWellFormed }
}
