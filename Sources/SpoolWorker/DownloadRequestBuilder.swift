import SpoolCore

/// Turns a job's options into a download request, with the server's defaults.
public struct DownloadRequestBuilder: Sendable {
    /// Output template used when the job gives none (OUTPUT_TEMPLATE).
    public var defaultTemplate: String
    /// Optional bandwidth limit (`--limit-rate` for yt-dlp).
    public var limitRate: String?
    /// The dubbing engine of jobs that name none (DUBBING_PROVIDER).
    public var defaultDubbingProvider: String
    /// Engines that speak subtitles: their jobs fetch the site's subtitles in the target language.
    public var subtitleSpeakingProviders: Set<String>
    /// The jittered pause before each download of a followed source's video (SITE_DOWNLOAD_SLEEP);
    /// nil means none. One-off jobs never wait.
    public var sourceDownloadSleep: ClosedRange<Double>?

    /// Creates a builder.
    public init(
        defaultTemplate: String = OutputTemplateGuard.defaultTemplate, limitRate: String? = nil,
        defaultDubbingProvider: String = "yandex", subtitleSpeakingProviders: Set<String> = ["tts"], sourceDownloadSleep: ClosedRange<Double>? = nil
    ) {
        self.sourceDownloadSleep = sourceDownloadSleep
        self.defaultTemplate = defaultTemplate
        self.limitRate = limitRate
        self.defaultDubbingProvider = defaultDubbingProvider
        self.subtitleSpeakingProviders = subtitleSpeakingProviders
    }

    /// The request for `job`, writing into `workDirectory`.
    public func request(for job: Job, workDirectory: String) -> MediaDownloadRequest {
        var request = MediaDownloadRequest(options: job.options, workDirectory: workDirectory, outputTemplate: defaultTemplate, limitRate: limitRate)
        let options = job.options
        if options.archive != nil { request.sleepBefore = sourceDownloadSleep }
        if options.requestedDubbing, options.dubbingSubtitles == nil,
           subtitleSpeakingProviders.contains(options.dubbingProvider ?? defaultDubbingProvider) {
            request.voiceOverSubtitleLanguage = options.targetLang
        }
        return request
    }
}
