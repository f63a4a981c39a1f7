import SpoolCore

extension ProbeResult {
    /// The result as the core's ``MediaProbe``; attached pictures (cover art) count as `other` streams.
    public var mediaProbe: MediaProbe {
        let pictures = Set(streams.map(\.index)).subtracting(videoStreams.map(\.index))
        return MediaProbe(formatName: formatName, duration: duration, size: size, streams: streams.map { stream in
            let kind: MediaProbe.Stream.Kind = switch stream.codecType {
            case "video": pictures.contains(stream.index) ? .other : .video
            case "audio": .audio
            case "subtitle": .subtitle
            default: .other
            }
            return MediaProbe.Stream(
                kind: kind, codecName: stream.codecName, width: stream.width, height: stream.height,
                language: stream.language, duration: stream.duration, bitRate: stream.bitRate,
                pixelFormat: stream.pixelFormat
            )
        })
    }

    /// Fills a job's ``Media`` row from the file itself: container, codecs, size, duration and the
    /// first video stream's dimensions (these win over what the site claimed).
    public func apply(to media: inout Media) {
        mediaProbe.apply(to: &media)
    }
}
