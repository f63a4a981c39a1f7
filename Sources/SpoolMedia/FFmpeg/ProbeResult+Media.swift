import SpoolCore

extension ProbeResult {
    /// Fills a job's ``Media`` row from the file itself: container, codecs, size, duration and the
    /// first video stream's dimensions (these win over what the site claimed).
    public func apply(to media: inout Media) {
        media.container = formatName ?? media.container
        media.duration = duration ?? media.duration
        media.filesize = size ?? media.filesize
        media.videoCodec = videoStreams.first?.codecName ?? media.videoCodec
        media.audioCodec = audioStreams.first?.codecName ?? media.audioCodec
        if let video = videoStreams.first {
            media.width = video.width ?? media.width
            media.height = video.height ?? media.height
        }
    }
}
