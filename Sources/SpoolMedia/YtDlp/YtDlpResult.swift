/// A finished download.
public struct YtDlpResult: Sendable, Hashable {
    /// Absolute path of the final file, inside the request's work folder.
    public var filePath: String
    /// What yt-dlp knew about the media, when its info JSON could be read.
    public var info: YtDlpInfo?
    /// Absolute path of the info JSON yt-dlp wrote, when it wrote one.
    public var infoJSONPath: String?

    /// Creates a result.
    public init(filePath: String, info: YtDlpInfo? = nil, infoJSONPath: String? = nil) {
        self.filePath = filePath
        self.info = info
        self.infoJSONPath = infoJSONPath
    }
}
