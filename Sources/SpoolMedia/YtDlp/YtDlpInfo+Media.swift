import SpoolCore

extension YtDlpInfo {
    /// Copies what yt-dlp knows into a job's ``Media`` row; fields yt-dlp lacks are left as they are.
    ///
    /// The file itself (path, size, container, codecs, real dimensions) comes from ffprobe: see
    /// ``ProbeResult/apply(to:)``.
    public func apply(to media: inout Media) {
        media.title = title ?? media.title
        media.uploader = uploaderOrChannel ?? media.uploader
        media.duration = duration ?? media.duration
        media.width = width ?? media.width
        media.height = height ?? media.height
        media.filesize = bestFilesize ?? media.filesize
        media.extractor = extractor ?? media.extractor
        media.sourceID = id ?? media.sourceID
        media.webpageURL = webpageURL ?? media.webpageURL
        media.thumbnailURL = thumbnail ?? media.thumbnailURL
    }
}
