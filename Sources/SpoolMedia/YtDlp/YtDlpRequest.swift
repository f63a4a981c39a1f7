import SpoolCore

/// One download for yt-dlp is the core's ``MediaDownloadRequest``: what to fetch, in which shape,
/// and where to put it. Options of the deployment's own (YTDLP_EXTRA_ARGS) come from
/// ``YtDlp/Configuration/extraArguments``.
public typealias YtDlpRequest = MediaDownloadRequest
