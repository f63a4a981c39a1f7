/// A stored row that cannot be turned back into a domain value (unknown enum value, bad JSON).
public struct CorruptRow: Error, Sendable, CustomStringConvertible {
    /// Table of the row.
    public let table: String
    /// What is wrong.
    public let reason: String

    /// A corrupt row of `table`.
    public init(table: String, reason: String) {
        self.table = table
        self.reason = reason
    }

    /// `corrupt row in <table>: <reason>`.
    public var description: String { "corrupt row in \(table): \(reason)" }
}

/// Wraps an error thrown by a caller's closure (a store's `modify` body) so it leaves the
/// database transaction unchanged, whatever its type.
public struct CallerError: Error {
    /// The caller's error.
    public let underlying: any Error

    /// Wraps `underlying`.
    public init(underlying: any Error) {
        self.underlying = underlying
    }
}
