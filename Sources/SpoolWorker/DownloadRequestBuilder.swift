import SpoolCore
import SpoolMedia

/// Turns a job's options into a yt-dlp request, with the server's defaults.
public struct DownloadRequestBuilder: Sendable {
    /// Output template used when the job gives none (OUTPUT_TEMPLATE).
    public var defaultTemplate: String
    /// Optional bandwidth limit handed to yt-dlp (`--limit-rate`).
    public var limitRate: String?

    /// Creates a builder.
    public init(defaultTemplate: String = OutputTemplateGuard.defaultTemplate, limitRate: String? = nil) {
        self.defaultTemplate = defaultTemplate
        self.limitRate = limitRate
    }

    /// The request for `job`, writing into `workDirectory`.
    public func request(for job: Job, workDirectory: String) -> YtDlpRequest {
        var request = YtDlpRequest(options: job.options, workDirectory: workDirectory, limitRate: limitRate)
        if job.options.outputTemplate == nil { request.outputTemplate = defaultTemplate }
        return request
    }
}
