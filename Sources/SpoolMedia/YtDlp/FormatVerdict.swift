/// What yt-dlp's parser says about a format expression.
public enum FormatVerdict: Sendable, Hashable {
    /// It parses (whether a video offers such a format is known only when it is downloaded).
    case valid
    /// It does not; yt-dlp's message without the caret line.
    case invalid(String)
}
