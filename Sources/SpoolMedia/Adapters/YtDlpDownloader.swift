import SpoolCore

/// ``MediaDownloader`` on yt-dlp: maps yt-dlp's events and result to the core's and its
/// ``MediaError`` to ``SpoolError``.
public struct YtDlpDownloader: MediaDownloader {
    /// The yt-dlp runner (with its warm helper when configured).
    public let ytdlp: YtDlp

    /// Creates the adapter.
    public init(_ ytdlp: YtDlp) {
        self.ytdlp = ytdlp
    }

    /// Downloads with yt-dlp; see ``YtDlp/download(_:onEvent:)``.
    public func download(
        _ request: MediaDownloadRequest,
        onEvent: @escaping @Sendable (MediaDownloadEvent) async -> Void
    ) async throws -> MediaDownloadResult {
        let result = try await MediaError.mapped {
            try await ytdlp.download(request) { event in
                switch event {
                case .progress(let progress): await onEvent(.progress(progress.transfer))
                case .log(let line): await onEvent(.log(line))
                }
            }
        }
        return MediaDownloadResult(filePath: result.filePath, metadata: result.info?.metadata)
    }
}

extension DownloadProgress {
    /// The report as the core's ``TransferProgress`` (the estimated total when there is no exact one).
    public var transfer: TransferProgress {
        TransferProgress(percent: percent, downloadedBytes: downloadedBytes, totalBytes: displayTotalBytes, speed: speed, eta: eta)
    }
}
