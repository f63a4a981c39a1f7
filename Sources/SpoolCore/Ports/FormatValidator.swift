/// Checks a custom yt-dlp format expression when a job or profile is submitted, so a typo is a
/// `400 invalid_format` at once instead of a failed download later.
public protocol FormatValidator: Sendable {
    /// Throws ``SpoolError`` `.invalidFormat` with the parser's message when `format` does not
    /// parse; returns when it does, or when it cannot be checked (the download then tells).
    func validate(_ format: String) async throws(SpoolError)
}
