/// One subtitle phrase: when it is shown and what it says.
public struct SubtitleCue: Sendable, Hashable {
    /// When the phrase appears, in seconds from the start of the video.
    public var start: Double
    /// When it disappears, in seconds.
    public var end: Double
    /// The plain text (tags, entities and line breaks resolved; one line).
    public var text: String

    /// Creates a cue.
    public init(start: Double, end: Double, text: String) {
        self.start = start
        self.end = end
        self.text = text
    }

    /// `end - start`.
    public var duration: Double { end - start }
}
