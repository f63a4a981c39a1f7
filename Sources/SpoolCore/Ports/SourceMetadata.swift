/// What the source site says about a media item (title, uploader, size…), as a downloader read it.
public struct SourceMetadata: Sendable, Hashable {
    /// Title.
    public var title: String?
    /// Uploader, else channel.
    public var uploader: String?
    /// Duration in seconds.
    public var duration: Double?
    /// Video width in pixels.
    public var width: Int?
    /// Video height in pixels.
    public var height: Int?
    /// File size in bytes, exact or approximate.
    public var filesize: Int64?
    /// Extractor name (`youtube`, `generic`, …).
    public var extractor: String?
    /// The site's id for the media.
    public var sourceID: String?
    /// The page URL the downloader resolved.
    public var webpageURL: String?
    /// Thumbnail URL.
    public var thumbnailURL: String?
    /// The description.
    public var description: String?
    /// The upload date, `YYYYMMDD`.
    public var uploadDate: String?
    /// The season number, when the site numbers its episodes.
    public var seasonNumber: Int?
    /// The episode number, when the site numbers its episodes.
    public var episodeNumber: Int?

    /// Creates metadata.
    public init(
        title: String? = nil, uploader: String? = nil, duration: Double? = nil, width: Int? = nil, height: Int? = nil,
        filesize: Int64? = nil, extractor: String? = nil, sourceID: String? = nil, webpageURL: String? = nil, thumbnailURL: String? = nil,
        description: String? = nil, uploadDate: String? = nil, seasonNumber: Int? = nil, episodeNumber: Int? = nil
    ) {
        self.title = title
        self.uploader = uploader
        self.duration = duration
        self.width = width
        self.height = height
        self.filesize = filesize
        self.extractor = extractor
        self.sourceID = sourceID
        self.webpageURL = webpageURL
        self.thumbnailURL = thumbnailURL
        self.description = description
        self.uploadDate = uploadDate
        self.seasonNumber = seasonNumber
        self.episodeNumber = episodeNumber
    }

    /// Copies what the site said into a job's ``Media`` row; missing fields leave the row as it is.
    /// The file itself (container, codecs, real dimensions) comes from ``MediaProbe/apply(to:)``.
    public func apply(to media: inout Media) {
        media.title = title ?? media.title
        media.uploader = uploader ?? media.uploader
        media.duration = duration ?? media.duration
        media.width = width ?? media.width
        media.height = height ?? media.height
        media.filesize = filesize ?? media.filesize
        media.extractor = extractor ?? media.extractor
        media.sourceID = sourceID ?? media.sourceID
        media.webpageURL = webpageURL ?? media.webpageURL
        media.thumbnailURL = thumbnailURL ?? media.thumbnailURL
    }
}
