/// A Kodi/Jellyfin `tvshow.nfo` for a source's folder: the show's title and its poster.
public struct TVShowNFO: Sendable, Hashable {
    /// The show (source) name.
    public var title: String
    /// The poster's file name in the same folder, when there is one.
    public var poster: String?

    /// Creates the NFO.
    public init(title: String, poster: String? = nil) {
        self.title = title
        self.poster = poster
    }

    /// The document.
    public var xml: String {
        var lines = [XMLText.declaration, "<tvshow>", XMLText.element("title", title), XMLText.element("showtitle", title)]
        if let poster { lines.append(XMLText.element("thumb", poster, attributes: [("aspect", "poster")])) }
        lines.append("</tvshow>")
        return lines.joined(separator: "\n") + "\n"
    }
}
