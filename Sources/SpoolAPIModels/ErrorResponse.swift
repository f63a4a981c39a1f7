/// The body of every error response: `{"error":{"code":"…","message":"…"}}`.
public struct ErrorResponse: Sendable, Codable, Hashable {
    /// The error's stable code and human message.
    public struct Detail: Sendable, Codable, Hashable {
        /// A `SpoolError.Code` raw value (`not_found`, `invalid_url`, …).
        public var code: String
        /// A message safe to show a user; never internals.
        public var message: String

        /// Creates a detail.
        public init(code: String, message: String) {
            self.code = code
            self.message = message
        }
    }

    /// The error.
    public var error: Detail

    /// Creates an error body.
    public init(code: String, message: String) {
        self.error = Detail(code: code, message: message)
    }
}
