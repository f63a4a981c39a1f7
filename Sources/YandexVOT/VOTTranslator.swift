import Logging

/// Runs a translation to the end (spec §7): polls `translate` on the server's hint, uploads the
/// audio when asked, retries transient failures a few times, and gives up after a bounded total wait.
public struct VOTTranslator: Sendable {
    /// Polling and retry settings.
    public struct Configuration: Sendable {
        /// Upper bound of all waits of one translation (polls and retry back-offs).
        public var maxTotalWait: Duration
        /// Upper bound of one poll wait.
        public var maxPollDelay: Duration
        /// The wait between polls after the first one.
        public var followUpPollDelay: Duration
        /// Back-offs before re-asking after status 0 with `shouldRetry`; their count is the retry budget.
        public var failureRetryDelays: [Duration]
        /// Back-offs before repeating a failed upload request; their count is the retry budget.
        public var uploadRetryDelays: [Duration]
        /// Try `fail-audio-js` (no upload) first for `https://youtu.be/…` videos.
        public var useFailAudioForYouTube: Bool
        /// How to wait (injectable so tests record the delays instead of sleeping).
        public var sleep: @Sendable (Duration) async throws -> Void

        /// Creates settings; the defaults follow the browser extension with a 30-minute cap.
        public init(
            maxTotalWait: Duration = .seconds(1800),
            maxPollDelay: Duration = .seconds(180),
            followUpPollDelay: Duration = .seconds(30),
            failureRetryDelays: [Duration] = [.seconds(10), .seconds(20), .seconds(40), .seconds(80), .seconds(120)],
            uploadRetryDelays: [Duration] = [.milliseconds(1500), .milliseconds(1500)],
            useFailAudioForYouTube: Bool = true,
            sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
        ) {
            self.maxTotalWait = maxTotalWait
            self.maxPollDelay = maxPollDelay
            self.followUpPollDelay = followUpPollDelay
            self.failureRetryDelays = failureRetryDelays
            self.uploadRetryDelays = uploadRetryDelays
            self.useFailAudioForYouTube = useFailAudioForYouTube
            self.sleep = sleep
        }
    }

    /// News during a translation.
    public enum Event: Sendable, Hashable {
        /// Not ready (status 2, 3, 5 or 6 after an upload); the next poll comes after `nextPoll`.
        case waiting(status: Int, remainingTime: Int?, nextPoll: Duration, waited: Duration)
        /// Status 5: the first part of the audio is ready at `url`.
        case partialAudio(url: String, duration: Double?)
        /// The service detected another source language than the one asked for.
        case languageDetected(String)
        /// Status 6: the service wants the video's audio.
        case audioRequested
        /// Upload request `part` (1-based) of `of` went through.
        case uploadedAudio(part: Int, of: Int)
        /// Status 0 with `shouldRetry`: asking again after `after`.
        case retrying(attempt: Int, after: Duration, message: String?)
    }

    /// The client that makes the calls.
    public let client: VOTClient
    /// Polling and retry settings.
    public let configuration: Configuration

    /// Creates a translator on `client`.
    public init(client: VOTClient, configuration: Configuration = Configuration()) {
        self.client = client
        self.configuration = configuration
    }

    /// Translates `request` and returns the finished audio's URL (not downloaded).
    ///
    /// - Parameters:
    ///   - request: The video and languages.
    ///   - audio: Gives the video's audio when the service asks for it (status 6); nil when there is none.
    ///   - events: Receives progress news.
    /// - Throws: ``VOTError`` or `CancellationError`.
    public func translate(
        _ request: VOTTranslationRequest,
        audio: (@Sendable () async throws -> VOTAudioFile)? = nil,
        events: @Sendable (Event) async -> Void = { _ in }
    ) async throws -> VOTTranslation {
        var schedule = VOTPollSchedule(
            maxDelay: configuration.maxPollDelay, followUpDelay: configuration.followUpPollDelay, maxTotalWait: configuration.maxTotalWait
        )
        var failures = 0
        var triedFailAudio = false
        var triedUpload = false
        var audioSent = false
        var detectedLanguage: String?
        var polls = 0
        while true {
            try Task.checkCancellation()
            let response = try await client.translate(request)
            polls += 1
            client.logger.debug("VOT translate answered", metadata: [
                "vot.status": "\(response.status)", "vot.remaining": "\(response.hasRemainingTime ? response.remainingTime : -1)",
            ])
            if response.hasLanguage, !response.language.isEmpty, response.language != request.sourceLanguage,
               response.language != detectedLanguage {
                detectedLanguage = response.language
                await events(.languageDetected(response.language))
            }
            switch response.status {
            case 1:
                guard response.hasURL, !response.url.isEmpty else { throw VOTError.missingAudioURL }
                return VOTTranslation(
                    translationID: response.translationID, audioURL: response.url,
                    duration: response.hasDuration ? response.duration : nil, isLivelyVoice: response.isLivelyVoice,
                    detectedLanguage: detectedLanguage, polls: polls
                )
            case 2, 3:
                try await wait(after: response, &schedule, events)
            case 5:
                if response.hasURL {
                    await events(.partialAudio(url: response.url, duration: response.hasDuration ? response.duration : nil))
                }
                try await wait(after: response, &schedule, events)
            case 6:
                await events(.audioRequested)
                if configuration.useFailAudioForYouTube, request.isYouTube, !triedFailAudio {
                    triedFailAudio = true
                    if try await skipAudio(request, translationID: response.translationID) {
                        audioSent = true
                        continue
                    }
                }
                if !triedUpload, let audio {
                    triedUpload = true
                    try await upload(try await audio(), request, translationID: response.translationID, events)
                    audioSent = true
                    continue
                }
                guard audioSent else { throw VOTError.audioRequired }
                try await wait(after: response, &schedule, events)
            case 0:
                let message = response.hasMessage ? response.message : nil
                let shouldRetry = response.hasShouldRetry ? Int(response.shouldRetry) : nil
                guard let shouldRetry, shouldRetry != 0, failures < configuration.failureRetryDelays.count else {
                    throw VOTError.translationFailed(message: message, shouldRetry: shouldRetry)
                }
                let delay = try schedule.reserve(configuration.failureRetryDelays[failures])
                failures += 1
                await events(.retrying(attempt: failures, after: delay, message: message))
                try await configuration.sleep(delay)
            case 7:
                throw VOTError.authRequired(message: response.hasMessage ? response.message : nil)
            default:
                throw VOTError.unknownStatus(Int(response.status), message: response.hasMessage ? response.message : nil)
            }
        }
    }

    private func wait(
        after response: VOTProto_VideoTranslationResponse, _ schedule: inout VOTPollSchedule, _ events: @Sendable (Event) async -> Void
    ) async throws {
        let hint = response.hasRemainingTime ? Int(response.remainingTime) : nil
        let waited = schedule.totalWaited
        let delay = try schedule.nextDelay(remainingTime: hint)
        await events(.waiting(status: Int(response.status), remainingTime: hint, nextPoll: delay, waited: waited))
        try await configuration.sleep(delay)
    }
}
