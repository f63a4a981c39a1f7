/// Fetches a URL that is a plain media file (one video or audio file served over HTTP) without
/// yt-dlp: SpoolMedia's `DirectDownloader`, with several ranged connections and a resume map.
///
/// The download stage asks ``probe(_:)`` first and downloads with ``download(_:file:onEvent:)``
/// only when the answer is ``DirectFileProbe/file(_:)``; anything else goes to yt-dlp. The download
/// keeps the ``MediaDownloader`` contract: the file lands below the request's work folder under the
/// name yt-dlp would give it, progress and log lines go through `onEvent`, cancelling the calling task
/// stops it (partial files are kept, so a later call resumes), errors are ``SpoolError``s.
public protocol DirectFileDownloader: MediaDownloader {
    /// Asks the server about `request.url` (HEAD, else a one-byte ranged GET) without downloading it.
    func probe(_ request: MediaDownloadRequest) async -> DirectFileProbe

    /// Downloads the file `probe(_:)` found for `request`.
    func download(
        _ request: MediaDownloadRequest,
        file: DirectFile,
        onEvent: @escaping @Sendable (MediaDownloadEvent) async -> Void
    ) async throws -> MediaDownloadResult
}

/// What a ``DirectFileDownloader`` found at a URL.
public enum DirectFileProbe: Sendable, Hashable {
    /// A plain media file of known length (``DirectFile/acceptsRanges`` says whether its server
    /// takes byte ranges).
    case file(DirectFile)
    /// Something else (a page, a playlist, an unknown length, an error); the reason
    /// is a short phrase for the job log, e.g. `the URL answers text/html`.
    case notDirect(String)
}

/// A plain media file on an HTTP server, as a probe saw it.
public struct DirectFile: Sendable, Hashable {
    /// The URL the probe asked (the job's URL); requests go there and follow its redirects.
    public var url: String
    /// Where the server redirected `url` to, when it did (yt-dlp names the file after this URL).
    public var redirectedURL: String?
    /// The length in bytes.
    public var length: Int64
    /// The media type without parameters, lowercased (`video/mp4`).
    public var mediaType: String
    /// The strong or weak entity tag, as sent (with its quotes and `W/`), if any.
    public var etag: String?
    /// The `Last-Modified` header, as sent, if any.
    public var lastModified: String?
    /// The file name the server suggests in `Content-Disposition`, if any.
    public var suggestedName: String?
    /// Whether the server answers byte ranges. Without them the file comes in one stream, and a
    /// download that stops (pause, retry, restart) starts over from zero, as yt-dlp's would.
    public var acceptsRanges: Bool

    /// Creates a description.
    public init(
        url: String, length: Int64, mediaType: String, etag: String? = nil, lastModified: String? = nil, suggestedName: String? = nil,
        redirectedURL: String? = nil, acceptsRanges: Bool = true
    ) {
        self.acceptsRanges = acceptsRanges
        self.url = url
        self.redirectedURL = redirectedURL
        self.length = length
        self.mediaType = mediaType
        self.etag = etag
        self.lastModified = lastModified
        self.suggestedName = suggestedName
    }
}
