import SpoolCore
import SpoolMedia

/// Turns a job's options into a yt-dlp request.
public struct DownloadRequestBuilder: Sendable {
    /// Output template used when the job gives none.
    public var defaultTemplate: String
    /// Optional bandwidth limit handed to yt-dlp (`--limit-rate`).
    public var limitRate: String?
    /// Extra yt-dlp arguments from the configuration (placed before `--`).
    public var extraArguments: [String]

    /// Creates a builder.
    public init(defaultTemplate: String = OutputTemplateGuard.defaultTemplate, limitRate: String? = nil, extraArguments: [String] = []) {
        self.defaultTemplate = defaultTemplate
        self.limitRate = limitRate
        self.extraArguments = extraArguments
    }

    /// The request for `job`, writing into `workDirectory`.
    public func request(for job: Job, workDirectory: String) -> YtDlpRequest {
        YtDlpRequest(
            url: job.options.url,
            workDirectory: workDirectory,
            format: job.options.formatPreset,
            container: job.options.outputContainer,
            subtitleLanguages: job.options.subtitleLanguages,
            embedThumbnail: job.options.embedThumbnail,
            outputTemplate: job.options.outputTemplate ?? defaultTemplate,
            limitRate: limitRate,
            extraArguments: extraArguments
        )
    }
}
