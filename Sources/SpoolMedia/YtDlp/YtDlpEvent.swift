/// Something yt-dlp reported while downloading.
public enum YtDlpEvent: Sendable, Hashable {
    /// A progress report from the download hook.
    case progress(DownloadProgress)
    /// A line worth keeping in the job log: a warning, an error, a post-processing step.
    case log(String)
}
