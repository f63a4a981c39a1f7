import Foundation

/// One video as a listing (yt-dlp's flat playlist, or a feed) names it: enough to identify it, file
/// it under its source and run the filters, without extracting the video itself.
public struct ListedEntry: Sendable, Codable, Hashable {
    /// The site's id of the video (an RSS item's guid, a YouTube video id).
    public var mediaID: String
    /// The extractor that owns the id, lowercased (`youtube`, `generic`): with ``mediaID`` the
    /// archive key, as in yt-dlp's download archive.
    public var extractor: String
    /// The URL the video is downloaded from.
    public var url: String
    /// The title, when listed.
    public var title: String?
    /// When it was published, when listed.
    public var publishedAt: Date?
    /// Length in seconds, when listed.
    public var duration: Double?
    /// yt-dlp's `live_status` (`is_live`, `is_upcoming`, `was_live`, `post_live`, `not_live`), when listed.
    public var liveStatus: String?
    /// yt-dlp's `availability` (`public`, `subscriber_only`, `premium_only`, `needs_auth`, …), when listed.
    public var availability: String?
    /// The tab it was listed in.
    public var tab: SourceTab
    /// Whether it is a Short (listed in the Shorts tab or under a `/shorts/` URL).
    public var isShort: Bool

    /// Creates an entry.
    public init(
        mediaID: String, extractor: String, url: String, title: String? = nil, publishedAt: Date? = nil, duration: Double? = nil,
        liveStatus: String? = nil, availability: String? = nil, tab: SourceTab = .all, isShort: Bool = false
    ) {
        self.mediaID = mediaID
        self.extractor = extractor
        self.url = url
        self.title = title
        self.publishedAt = publishedAt
        self.duration = duration
        self.liveStatus = liveStatus
        self.availability = availability
        self.tab = tab
        self.isShort = isShort
    }

    /// Whether it is live now or has not started yet (downloaded once it has ended).
    public var isLiveOrUpcoming: Bool { liveStatus == "is_live" || liveStatus == "is_upcoming" || liveStatus == "post_live" }

    /// Whether it is or was a live stream.
    public var isStream: Bool { isLiveOrUpcoming || liveStatus == "was_live" || tab == .streams }

    /// Whether only members, subscribers or paying viewers can watch it.
    public var isMembersOnly: Bool {
        switch availability {
        case "subscriber_only", "premium_only", "needs_auth": true
        default: false
        }
    }
}
