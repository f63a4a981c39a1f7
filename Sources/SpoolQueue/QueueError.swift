/// The queue's error: a stable machine-readable code and a message safe to show a user.
public struct QueueError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable error codes.
    public enum Code: String, Sendable, Codable, Hashable, CaseIterable {
        /// The lease expired and the entry was claimed again, or the entry was removed.
        case leaseLost = "lease_lost"
        /// An entry's payload is missing or is not the task it was read as.
        case invalidPayload = "invalid_payload"
    }

    /// The stable code.
    public var code: Code
    /// A human message, free of internals.
    public var message: String

    /// Creates an error with a code and a message.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    public var description: String { "\(code.rawValue): \(message)" }

    /// The lease on `entry` is gone.
    public static func leaseLost(_ entry: QueueEntry) -> QueueError {
        QueueError(.leaseLost, "lease on \(entry.key) in \(entry.queue) is gone")
    }
}
