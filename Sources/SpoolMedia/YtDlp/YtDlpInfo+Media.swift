import SpoolCore

extension YtDlpInfo {
    /// What yt-dlp knows, as the core's ``SourceMetadata``.
    public var metadata: SourceMetadata {
        SourceMetadata(
            title: title, uploader: uploaderOrChannel, duration: duration, width: width, height: height,
            filesize: bestFilesize, extractor: extractor, sourceID: id, webpageURL: webpageURL, thumbnailURL: thumbnail,
            description: description, uploadDate: uploadDate, seasonNumber: seasonNumber, episodeNumber: episodeNumber
        )
    }

    /// Copies what yt-dlp knows into a job's ``Media`` row; fields yt-dlp lacks are left as they are.
    ///
    /// The file itself (path, size, container, codecs, real dimensions) comes from ffprobe: see
    /// ``ProbeResult/apply(to:)``.
    public func apply(to media: inout Media) {
        metadata.apply(to: &media)
    }
}
