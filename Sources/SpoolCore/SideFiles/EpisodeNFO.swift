/// A Kodi/Jellyfin episode NFO (`<episodedetails>`) for an archived video, made from what the
/// site said about it (yt-dlp's info.json).
///
/// A source is a show; a video is an episode of the season named after its upload year, numbered
/// by its upload month and day (`2024-03-15` → season 2024, episode 315) unless the site numbers it.
public struct EpisodeNFO: Sendable, Hashable {
    /// The video's title.
    public var title: String
    /// The show (source) name.
    public var showTitle: String
    /// The season number.
    public var season: Int?
    /// The episode number.
    public var episode: Int?
    /// The upload date, `YYYY-MM-DD` (written as `aired` and `premiered`).
    public var aired: String?
    /// The description.
    public var plot: String?
    /// Length in whole minutes.
    public var runtimeMinutes: Int?
    /// The site (`youtube`) that names ``uniqueID``.
    public var uniqueIDType: String?
    /// The site's id for the video.
    public var uniqueID: String?
    /// The thumbnail: a file name beside the NFO, or the site's URL.
    public var thumb: String?

    /// Creates an NFO from its fields.
    public init(
        title: String, showTitle: String, season: Int? = nil, episode: Int? = nil, aired: String? = nil, plot: String? = nil,
        runtimeMinutes: Int? = nil, uniqueIDType: String? = nil, uniqueID: String? = nil, thumb: String? = nil
    ) {
        self.title = title
        self.showTitle = showTitle
        self.season = season
        self.episode = episode
        self.aired = aired
        self.plot = plot
        self.runtimeMinutes = runtimeMinutes
        self.uniqueIDType = uniqueIDType
        self.uniqueID = uniqueID
        self.thumb = thumb
    }

    /// The NFO of a video the site described with `metadata`, in show `showName`.
    ///
    /// - Parameters:
    ///   - duration: Seconds, when the site gave none (the probe's).
    ///   - thumb: The kept thumbnail's file name; the site's thumbnail URL when nil.
    public init(metadata: SourceMetadata, showName: String, duration: Double? = nil, thumb: String? = nil) {
        let date = metadata.uploadDate.flatMap(Self.date)
        let seconds = metadata.duration ?? duration
        self.init(
            title: metadata.title ?? metadata.sourceID ?? "",
            showTitle: showName,
            season: metadata.seasonNumber ?? date?.year,
            episode: metadata.episodeNumber ?? date.map { $0.month * 100 + $0.day },
            aired: date.map { "\(Self.padded($0.year, 4))-\(Self.padded($0.month, 2))-\(Self.padded($0.day, 2))" },
            plot: metadata.description,
            runtimeMinutes: seconds.flatMap { $0 > 0 && $0.isFinite ? max(1, Int(($0 / 60).rounded())) : nil },
            uniqueIDType: metadata.extractor,
            uniqueID: metadata.sourceID,
            thumb: thumb ?? metadata.thumbnailURL
        )
    }

    /// The document.
    public var xml: String {
        var lines = [XMLText.declaration, "<episodedetails>"]
        lines.append(XMLText.element("title", title))
        lines.append(XMLText.element("showtitle", showTitle))
        if let season { lines.append(XMLText.element("season", String(season))) }
        if let episode { lines.append(XMLText.element("episode", String(episode))) }
        if let aired {
            lines.append(XMLText.element("aired", aired))
            lines.append(XMLText.element("premiered", aired))
        }
        if let plot { lines.append(XMLText.element("plot", plot)) }
        if let runtimeMinutes { lines.append(XMLText.element("runtime", String(runtimeMinutes))) }
        if let uniqueID {
            lines.append(XMLText.element("uniqueid", uniqueID, attributes: [("type", uniqueIDType ?? "unknown"), ("default", "true")]))
        }
        if let thumb { lines.append(XMLText.element("thumb", thumb)) }
        lines.append("</episodedetails>")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Year, month and day of a `YYYYMMDD` date (yt-dlp's `upload_date`); nil when it is not one.
    static func date(_ text: String) -> (year: Int, month: Int, day: Int)? {
        guard text.count == 8, text.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(text) else { return nil }
        let (year, month, day) = (value / 10_000, value / 100 % 100, value % 100)
        guard (1...12).contains(month), (1...31).contains(day) else { return nil }
        return (year, month, day)
    }

    /// `value` with leading zeros up to `width` digits.
    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
