import Foundation
import SpoolCore

/// One line of `yt-dlp --flat-playlist --dump-json`: a playlist entry as yt-dlp lists it without
/// extracting the video, read into a ``ListedEntry``.
///
/// The shapes met in practice:
/// - a YouTube tab entry: `{"_type": "url", "ie_key": "Youtube", "id": …, "url":
///   "https://www.youtube.com/watch?v=…" (or `/shorts/…`), "title", "duration", "live_status",
///   "availability", …}`;
/// - an RSS item (generic extractor): `{"_type": "url_transparent", "url": "<enclosure>#__youtubedl_smuggle=…",
///   "title", "timestamp", "duration", "extractor_key": "Generic", …}` with no `id`: the item's guid
///   travels smuggled in the URL as `{"force_videoid": guid}`, and a download of that URL keeps the
///   guid as the video's id;
/// - a resolved video (`_type` `video`, e.g. each `<video>` of an HTML page: `id` `page-1`,
///   `url` the media file, `webpage_url` the page).
public struct YtDlpFlatEntry: Sendable, Hashable {
    /// `_type`: `url`, `url_transparent`, `video`, or nil.
    public var type: String?
    /// `id`.
    public var id: String?
    /// `ie_key`, the extractor that will resolve a `url` entry.
    public var ieKey: String?
    /// `extractor_key`, the extractor that listed it.
    public var extractorKey: String?
    /// `url`.
    public var url: String?
    /// `webpage_url`.
    public var webpageURL: String?
    /// `title`.
    public var title: String?
    /// `timestamp` (Unix seconds).
    public var timestamp: Double?
    /// `release_timestamp` (Unix seconds).
    public var releaseTimestamp: Double?
    /// `upload_date` (`YYYYMMDD`).
    public var uploadDate: String?
    /// `release_date` (`YYYYMMDD`).
    public var releaseDate: String?
    /// `duration` in seconds.
    public var duration: Double?
    /// `live_status`.
    public var liveStatus: String?
    /// `availability`.
    public var availability: String?

    /// Reads one JSON line; a field of an unexpected type reads as missing.
    ///
    /// - Throws: ``SpoolError`` `.malformedJSON` when the line is not a JSON object.
    public init(jsonLine line: some StringProtocol) throws(SpoolError) {
        do {
            self = try JSONDecoder().decode(YtDlpFlatEntry.self, from: Data(line.utf8))
        } catch {
            throw SpoolError(.malformedJSON, "a yt-dlp listing line is not a JSON object: \(line.prefix(120))")
        }
    }

    /// The video's id: `id`, else the guid smuggled in `url` (an RSS item); nil when neither is there.
    public var mediaID: String? {
        if let id, !id.isEmpty { return id }
        return (url ?? webpageURL).flatMap(Self.smuggledVideoID)
    }

    /// The extractor that owns the id, lowercased as in yt-dlp's download archive: `ie_key`, else
    /// `extractor_key`, else `generic`.
    public var extractor: String {
        (ieKey ?? extractorKey).map { $0.lowercased() } ?? "generic"
    }

    /// When it was published: `timestamp`, `release_timestamp`, `upload_date`, `release_date` (the
    /// dates as midnight UTC), the first one present.
    public var publishedAt: Date? {
        if let seconds = timestamp ?? releaseTimestamp { return Date(timeIntervalSince1970: seconds) }
        return (uploadDate ?? releaseDate).flatMap(Self.day)
    }

    /// The URL to download it from.
    ///
    /// A `url`/`url_transparent` entry's `url` (for an RSS item the smuggled URL as given, so the
    /// download keeps the guid as its id). A resolved video's `url` may be one format's expiring
    /// address, so its `webpage_url` is used, unless that is the listed page itself (a page of
    /// several `<video>`s), where `url` (the media file) is the only address of this one video.
    public func downloadURL(listedURL: String) -> String? {
        switch type {
        case "url", "url_transparent":
            return url ?? webpageURL
        default:
            if let webpageURL, webpageURL != listedURL { return webpageURL }
            return url ?? webpageURL
        }
    }

    /// The entry for the archive, filed under `tab`; nil without an id or a URL.
    ///
    /// - Parameters:
    ///   - tab: The tab being listed; everything listed in ``SourceTab/shorts`` is a Short, as is
    ///     any URL under `/shorts/`.
    ///   - listedURL: The URL that was listed (see ``downloadURL(listedURL:)``).
    public func listedEntry(tab: SourceTab, listedURL: String) -> ListedEntry? {
        guard let mediaID, let address = downloadURL(listedURL: listedURL) else { return nil }
        return ListedEntry(
            mediaID: mediaID, extractor: extractor, url: address, title: title, publishedAt: publishedAt,
            duration: duration, liveStatus: liveStatus, availability: availability, tab: tab,
            isShort: tab == .shorts || address.contains("/shorts/")
        )
    }

    /// The `force_videoid` yt-dlp smuggled into `url` (`<url>#__youtubedl_smuggle=<percent-encoded JSON>`).
    public static func smuggledVideoID(in url: String) -> String? {
        struct Smuggled: Decodable {
            var force_videoid: String?
        }
        guard let marker = url.range(of: "#__youtubedl_smuggle=") else { return nil }
        // urllib's quote_plus: `+` is a space, `%XX` a byte.
        let encoded = url[marker.upperBound...].replacingOccurrences(of: "+", with: " ")
        guard let json = encoded.removingPercentEncoding,
              let id = (try? JSONDecoder().decode(Smuggled.self, from: Data(json.utf8)))?.force_videoid,
              !id.isEmpty
        else { return nil }
        return id
    }

    /// `YYYYMMDD` as midnight UTC.
    private static func day(_ text: String) -> Date? {
        guard text.count == 8, let value = Int(text) else { return nil }
        var components = DateComponents()
        components.year = value / 10_000
        components.month = value / 100 % 100
        components.day = value % 100
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        guard (1...12).contains(components.month!), (1...31).contains(components.day!) else { return nil }
        return calendar.date(from: components)
    }
}

extension YtDlpFlatEntry: Decodable {
    private enum CodingKeys: String, CodingKey {
        case type = "_type", id, ieKey = "ie_key", extractorKey = "extractor_key", url, webpageURL = "webpage_url", title
        case timestamp, releaseTimestamp = "release_timestamp", uploadDate = "upload_date", releaseDate = "release_date"
        case duration, liveStatus = "live_status", availability
    }

    /// Decodes leniently: a field of another type (a `null`, a numeric id) never fails the line.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func text(_ key: CodingKeys) -> String? {
            if let value = try? container.decodeIfPresent(String.self, forKey: key) { return value }
            return (try? container.decodeIfPresent(Int64.self, forKey: key)).flatMap { $0.map(String.init) }
        }
        func number(_ key: CodingKeys) -> Double? {
            (try? container.decodeIfPresent(Double.self, forKey: key)).flatMap { $0 }.flatMap { $0.isFinite ? $0 : nil }
        }
        type = text(.type)
        id = text(.id)
        ieKey = text(.ieKey)
        extractorKey = text(.extractorKey)
        url = text(.url)
        webpageURL = text(.webpageURL)
        title = text(.title)
        timestamp = number(.timestamp)
        releaseTimestamp = number(.releaseTimestamp)
        uploadDate = text(.uploadDate)
        releaseDate = text(.releaseDate)
        duration = number(.duration)
        liveStatus = text(.liveStatus)
        availability = text(.availability)
    }
}
