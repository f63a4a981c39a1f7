/// Spool's domain error: a stable machine-readable code and a message safe to show a user.
public struct SpoolError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable error codes; their raw values appear in API responses as `error.code`.
    public enum Code: String, Sendable, Codable, Hashable, CaseIterable {
        case invalidInput = "invalid_input"
        case invalidURL = "invalid_url"
        case invalidFormat = "invalid_format"
        case invalidTemplate = "invalid_template"
        case malformedJSON = "malformed_json"
        case unknownField = "unknown_field"
        case payloadTooLarge = "payload_too_large"
        case notFound = "not_found"
        case illegalTransition = "illegal_transition"
        case conflict = "conflict"
        case unauthorized = "unauthorized"
        case forbidden = "forbidden"
        case rateLimited = "rate_limited"
        case insufficientStorage = "insufficient_storage"
        case downloadFailed = "download_failed"
        /// The media's server answered 404 or 410: retrying cannot help.
        case mediaNotFound = "media_not_found"
        /// The media's server answered 401 or 403 (login or permission needed): not retried.
        case mediaForbidden = "media_forbidden"
        /// No yt-dlp extractor handles the URL and it is not a media file: not retried.
        case unsupportedURL = "unsupported_url"
        /// The site says the video is private, removed or otherwise unavailable: not retried.
        case videoUnavailable = "video_unavailable"
        /// The site does not offer the video in this server's country: not retried.
        case geoBlocked = "geo_blocked"
        case toolMissing = "tool_missing"
        case toolFailed = "tool_failed"
        case stalled = "stalled"
        case dubbingFailed = "dubbing_failed"
        case dubbingRejected = "dubbing_rejected"
        case noSubtitles = "no_subtitles"
        case unsupportedLanguage = "unsupported_language"
        case providerUnavailable = "provider_unavailable"
        case outputEscapesLibrary = "output_escapes_library"
        case leaseLost = "lease_lost"
        case canceled = "canceled"
        case storage = "storage_error"
        /// The object storage refused an upload for a reason retrying does not fix (access denied,
        /// no such bucket, a bad signature): the message names S3's code.
        case uploadFailed = "upload_failed"
        case internalError = "internal_error"
    }

    /// The stable code.
    public var code: Code
    /// A human message, free of internals.
    public var message: String

    /// Creates an error with a code and a message.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    public var description: String { "\(code.rawValue): \(message)" }

    /// Whether retrying the same request cannot succeed: the source or the request itself is the
    /// problem (a 404, a private video, a format yt-dlp cannot parse), not the network or the disk.
    public var isPermanentDownloadFailure: Bool {
        [.mediaNotFound, .mediaForbidden, .unsupportedURL, .videoUnavailable, .geoBlocked, .invalidFormat].contains(code)
    }

    /// A not-found error for a job id.
    public static func jobNotFound(_ id: JobID) -> SpoolError {
        SpoolError(.notFound, "job \(id) does not exist")
    }
}
