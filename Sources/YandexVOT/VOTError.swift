/// A call of the VOT API, as named in error messages.
public enum VOTOperation: String, Sendable, Hashable {
    /// `POST /session/create`.
    case createSession = "create session"
    /// `POST /video-translation/translate`.
    case translate = "video translation"
    /// `PUT /video-translation/audio`.
    case uploadAudio = "video translation audio"
    /// `PUT /video-translation/fail-audio-js`.
    case failAudio = "fake video translation fail audio js"
    /// `GET` of the translated audio file.
    case download = "translated audio download"
}

/// Everything that can go wrong talking to the VOT service (spec §8).
///
/// ``description`` is safe to show a user: it never contains response bodies, keys or tokens.
public enum VOTError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The request did not get an HTTP answer (connection refused, reset, DNS…).
    case transport(VOTOperation, String)
    /// The request took longer than its timeout.
    case timedOut(VOTOperation)
    /// The service answered with a status other than 200; the body (first 512 bytes) is kept for logs only.
    case httpStatus(VOTOperation, status: Int, body: String)
    /// A vot-worker proxy reported a failure (HTTP 204 with `X-Yandex-Status`).
    case worker(VOTOperation, String)
    /// The answer was not the expected protobuf or JSON message.
    case decode(VOTOperation, String)
    /// Status 0: Yandex could not translate the video.
    case translationFailed(message: String?, shouldRetry: Int?)
    /// Status 1 without an audio URL.
    case missingAudioURL
    /// Status 7: the request needs a Yandex account (lively voices).
    case authRequired(message: String?)
    /// A status the client does not know (8 is "too many requests").
    case unknownStatus(Int, message: String?)
    /// `fail-audio-js` did not answer `{"status":1}`.
    case failAudioRejected
    /// The service asked for the video's audio (status 6) and none could be given.
    case audioRequired
    /// The translation was not ready within the allowed total wait.
    case waitLimitExceeded(Duration)
    /// The configured host is not a usable URL.
    case invalidHost(String)
    /// The audio to upload could not be read.
    case audioUnreadable(String)

    /// Whether trying the same thing later may succeed (network trouble, 5xx, rate limits, status 0, 8).
    public var isRetryable: Bool {
        switch self {
        case .transport, .timedOut, .translationFailed, .waitLimitExceeded:
            true
        case .httpStatus(_, let status, _):
            status >= 500 || status == 429 || status == 408
        case .worker(_, let status):
            status != "error-method" && status != "error-path"
        case .unknownStatus(let status, _):
            status == 8
        case .decode, .missingAudioURL, .authRequired, .failAudioRejected, .audioRequired, .invalidHost, .audioUnreadable:
            false
        }
    }

    /// A one-line message for people.
    public var description: String {
        switch self {
        case .transport(let operation, let reason):
            "Failed to request \(operation.rawValue): \(reason)"
        case .timedOut(let operation):
            "Failed to request \(operation.rawValue): timed out"
        case .httpStatus(let operation, let status, _):
            "Failed to request \(operation.rawValue): HTTP \(status)"
        case .worker(let operation, let status):
            "Failed to request \(operation.rawValue): the proxy answered \(status)"
        case .decode(let operation, _):
            "Failed to request \(operation.rawValue): unreadable answer"
        case .translationFailed(let message, _):
            "Yandex couldn't translate video" + Self.suffix(message)
        case .missingAudioURL:
            "Audio link wasn't received from Yandex response"
        case .authRequired(let message):
            "Yandex auth required to translate this video" + Self.suffix(message)
        case .unknownStatus(let status, let message):
            "Unknown response from Yandex (status \(status))" + Self.suffix(message)
        case .failAudioRejected:
            "Failed to request to fake video translation fail audio js"
        case .audioRequired:
            "Yandex asked for the video's audio and none could be uploaded"
        case .waitLimitExceeded(let limit):
            "Yandex did not finish the translation within \(limit.components.seconds) s"
        case .invalidHost(let host):
            "Invalid VOT host: \(host)"
        case .audioUnreadable(let reason):
            "Cannot read the audio to upload: \(reason)"
        }
    }

    private static func suffix(_ message: String?) -> String {
        guard let message, !message.isEmpty else { return "" }
        return ": \(message)"
    }
}
