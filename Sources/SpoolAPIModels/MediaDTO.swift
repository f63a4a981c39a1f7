import SpoolCore

/// A job's media metadata as the API shows it; every member is present, unknown values are `null`.
public struct MediaDTO: Sendable, Codable, Hashable {
    /// Title.
    public var title: String?
    /// Uploader or channel.
    public var uploader: String?
    /// Duration in seconds.
    public var duration: Double?
    /// Video width in pixels.
    public var width: Int?
    /// Video height in pixels.
    public var height: Int?
    /// `WIDTHxHEIGHT` when both are known.
    public var resolution: String?
    /// File size in bytes.
    public var filesize: Int64?
    /// yt-dlp extractor name.
    public var extractor: String?
    /// The site's id for the media.
    public var sourceId: String?
    /// The page URL yt-dlp resolved.
    public var webpageUrl: String?
    /// Thumbnail URL.
    public var thumbnailUrl: String?
    /// Absolute path of the finished file.
    public var path: String?
    /// Path relative to the library root.
    public var relativePath: String?
    /// Container format.
    public var container: String?
    /// Video codec.
    public var videoCodec: String?
    /// Audio codec.
    public var audioCodec: String?

    /// The API view of stored media metadata.
    public init(_ media: Media) {
        title = media.title
        uploader = media.uploader
        duration = media.duration
        width = media.width
        height = media.height
        resolution = media.resolution
        filesize = media.filesize
        extractor = media.extractor
        sourceId = media.sourceID
        webpageUrl = media.webpageURL
        thumbnailUrl = media.thumbnailURL
        path = media.path
        relativePath = media.relativePath
        container = media.container
        videoCodec = media.videoCodec
        audioCodec = media.audioCodec
    }

    /// Encodes every member, nil as `null`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(title, forKey: .title)
        try c.encode(uploader, forKey: .uploader)
        try c.encode(duration, forKey: .duration)
        try c.encode(width, forKey: .width)
        try c.encode(height, forKey: .height)
        try c.encode(resolution, forKey: .resolution)
        try c.encode(filesize, forKey: .filesize)
        try c.encode(extractor, forKey: .extractor)
        try c.encode(sourceId, forKey: .sourceId)
        try c.encode(webpageUrl, forKey: .webpageUrl)
        try c.encode(thumbnailUrl, forKey: .thumbnailUrl)
        try c.encode(path, forKey: .path)
        try c.encode(relativePath, forKey: .relativePath)
        try c.encode(container, forKey: .container)
        try c.encode(videoCodec, forKey: .videoCodec)
        try c.encode(audioCodec, forKey: .audioCodec)
    }
}
