
/// Tells a download failure that retrying cannot fix (a 404, a private video, a format yt-dlp
/// cannot parse) from one worth another attempt (network, 5xx, 429), by the words yt-dlp and the
/// direct downloader use; a full disk is recognised apart, since it pauses the queue.
public enum DownloadFailureClassifier {
    /// The specific code of a failure message, or nil when it names no known cause (a transient
    /// failure: the caller keeps `download_failed` and retries).
    public static func code(for message: String) -> SpoolError.Code? {
        let text = message.lowercased()
        if isDiskFull(text) { return .insufficientStorage }
        if text.contains("invalid format specification") || text.contains("requested format is not available") {
            return .invalidFormat
        }
        if let status = httpStatus(in: text) {
            switch status {
            case 404, 410: return .mediaNotFound
            case 401, 403: return .mediaForbidden
            default: return nil
            }
        }
        if text.contains("unsupported url") { return .unsupportedURL }
        if geoPhrases.contains(where: text.contains) { return .geoBlocked }
        if unavailablePhrases.contains(where: text.contains) { return .videoUnavailable }
        return nil
    }

    /// Whether the message says the disk (or the user's quota) is full.
    public static func isDiskFull(_ message: String) -> Bool {
        let text = message.lowercased()
        return text.contains("no space left on device") || text.contains("errno 28]") || text.contains("disk quota exceeded")
            || text.contains("enospc")
    }

    /// The status of `HTTP Error 404` (yt-dlp, the direct downloader) or `HTTPError 404` in the text.
    static func httpStatus(in text: String) -> Int? {
        for marker in ["http error ", "httperror "] {
            guard let range = text.range(of: marker) else { continue }
            let digits = text[range.upperBound...].prefix { $0.isNumber }
            if digits.count == 3, let status = Int(digits) { return status }
        }
        return nil
    }

    /// What sites and yt-dlp say when a video is not offered in this country.
    static let geoPhrases = [
        "not available in your country", "not available from your location", "geo restrict", "georestricted",
        "not available in your region", "blocked in your country",
    ]

    /// What sites and yt-dlp say when a video is private, removed or otherwise gone.
    static let unavailablePhrases = [
        "private video", "this video is private", "video unavailable", "this video is unavailable",
        "this video is no longer available", "has been removed", "video has been deleted", "this video does not exist",
        "account associated with this video has been terminated", "members-only content",
    ]
}
