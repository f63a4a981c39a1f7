import Foundation

/// The fields Spool keeps from yt-dlp's `.info.json`.
///
/// Decoding is lenient: a field that is missing, null or of an unexpected type is nil, so one odd
/// extractor never fails a finished download.
public struct YtDlpInfo: Sendable, Hashable, Decodable {
    /// The site's id for the media.
    public var id: String?
    /// Title.
    public var title: String?
    /// Uploader name.
    public var uploader: String?
    /// Channel name (some sites fill this instead of the uploader).
    public var channel: String?
    /// Duration in seconds.
    public var duration: Double?
    /// Video width in pixels.
    public var width: Int?
    /// Video height in pixels.
    public var height: Int?
    /// Exact size in bytes, when the site reports it.
    public var filesize: Int64?
    /// Approximate size in bytes.
    public var filesizeApprox: Int64?
    /// Extractor name (`youtube`, `generic`, …).
    public var extractor: String?
    /// The page URL yt-dlp resolved.
    public var webpageURL: String?
    /// Thumbnail URL.
    public var thumbnail: String?
    /// File extension of the downloaded format (before any remux).
    public var ext: String?
    /// The description.
    public var description: String?
    /// The upload date, `YYYYMMDD`.
    public var uploadDate: String?
    /// The season number, when the site numbers its episodes.
    public var seasonNumber: Int?
    /// The episode number, when the site numbers its episodes.
    public var episodeNumber: Int?

    /// Creates an info value.
    public init(
        id: String? = nil, title: String? = nil, uploader: String? = nil, channel: String? = nil,
        duration: Double? = nil, width: Int? = nil, height: Int? = nil, filesize: Int64? = nil,
        filesizeApprox: Int64? = nil, extractor: String? = nil, webpageURL: String? = nil,
        thumbnail: String? = nil, ext: String? = nil, description: String? = nil, uploadDate: String? = nil,
        seasonNumber: Int? = nil, episodeNumber: Int? = nil
    ) {
        self.id = id
        self.title = title
        self.uploader = uploader
        self.channel = channel
        self.duration = duration
        self.width = width
        self.height = height
        self.filesize = filesize
        self.filesizeApprox = filesizeApprox
        self.extractor = extractor
        self.webpageURL = webpageURL
        self.thumbnail = thumbnail
        self.ext = ext
        self.description = description
        self.uploadDate = uploadDate
        self.seasonNumber = seasonNumber
        self.episodeNumber = episodeNumber
    }

    /// Decodes an info JSON document.
    public init(json data: Data) throws {
        self = try JSONDecoder().decode(Self.self, from: data)
    }

    /// Reads and decodes the info JSON file at `path`.
    public init(contentsOf path: String) throws {
        try self.init(json: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// The uploader, else the channel.
    public var uploaderOrChannel: String? { uploader ?? channel }

    /// The exact size, else the approximate one.
    public var bestFilesize: Int64? { filesize ?? filesizeApprox }

    private enum CodingKeys: String, CodingKey {
        case id, title, uploader, channel, duration, width, height, filesize, extractor, thumbnail, ext, description
        case uploadDate = "upload_date"
        case seasonNumber = "season_number"
        case episodeNumber = "episode_number"
        case filesizeApprox = "filesize_approx"
        case webpageURL = "webpage_url"
    }

    /// Reads each field leniently (see the type's documentation).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func string(_ key: CodingKeys) -> String? {
            (try? container.decodeIfPresent(String.self, forKey: key)).flatMap { $0?.isEmpty == false ? $0 : nil }
        }
        func number(_ key: CodingKeys) -> Double? {
            if let value = try? container.decodeIfPresent(Double.self, forKey: key), value.isFinite { return value }
            return string(key).flatMap(Double.init).flatMap { $0.isFinite ? $0 : nil }
        }
        func integer(_ key: CodingKeys) -> Int64? {
            number(key).flatMap { $0 >= 0 && $0 < 9.0e18 ? Int64($0.rounded()) : nil }
        }
        id = string(.id)
        title = string(.title)
        uploader = string(.uploader)
        channel = string(.channel)
        duration = number(.duration).flatMap { $0 >= 0 ? $0 : nil }
        width = integer(.width).flatMap { Int(exactly: $0) }
        height = integer(.height).flatMap { Int(exactly: $0) }
        filesize = integer(.filesize)
        filesizeApprox = integer(.filesizeApprox)
        extractor = string(.extractor)
        webpageURL = string(.webpageURL)
        thumbnail = string(.thumbnail)
        ext = string(.ext)
        description = string(.description)
        uploadDate = string(.uploadDate)
        seasonNumber = integer(.seasonNumber).flatMap { Int(exactly: $0) }
        episodeNumber = integer(.episodeNumber).flatMap { Int(exactly: $0) }
    }
}
