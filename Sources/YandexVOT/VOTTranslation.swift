/// A finished translation.
public struct VOTTranslation: Sendable, Hashable {
    /// The service's id of the job.
    public var translationID: String
    /// The MP3's URL as the service gave it (signed, expires; see ``VOTClient/download(_:to:)``).
    public var audioURL: String
    /// The MP3's length in seconds, when given.
    public var duration: Double?
    /// Whether a lively (cloned) voice speaks.
    public var isLivelyVoice: Bool
    /// The source language the service detected, when it differs from the requested one.
    public var detectedLanguage: String?
    /// How many translate calls it took.
    public var polls: Int

    /// Creates a result.
    public init(translationID: String, audioURL: String, duration: Double?, isLivelyVoice: Bool, detectedLanguage: String?, polls: Int) {
        self.translationID = translationID
        self.audioURL = audioURL
        self.duration = duration
        self.isLivelyVoice = isLivelyVoice
        self.detectedLanguage = detectedLanguage
        self.polls = polls
    }
}
