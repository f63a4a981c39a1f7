extension JobID: ExpressibleByStringLiteral {
    /// Wraps an identifier written as a literal (tests, previews).
    public init(stringLiteral value: String) {
        self.init(rawValue: value)
    }
}
