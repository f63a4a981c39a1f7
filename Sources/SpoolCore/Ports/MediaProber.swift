/// Reads a media file's format and streams (ffprobe in SpoolMedia).
///
/// Throws ``SpoolError`` `tool_failed` (missing file, not media) or `tool_missing`.
public protocol MediaProber: Sendable {
    /// Format and streams of the file at `path`.
    func probe(_ path: String) async throws -> MediaProbe
}

/// What a prober read from a file: its container, duration, size and streams.
public struct MediaProbe: Sendable, Hashable {
    /// One stream of the file.
    public struct Stream: Sendable, Hashable {
        /// What a stream carries.
        public enum Kind: String, Sendable, Hashable {
            /// Pictures (cover art is left out by probers).
            case video
            /// Sound.
            case audio
            /// Text.
            case subtitle
            /// Anything else (data, attachments).
            case other
        }

        /// What it carries.
        public var kind: Kind
        /// Codec name (`h264`, `aac`, `opus`…).
        public var codecName: String?
        /// Width in pixels (video).
        public var width: Int?
        /// Height in pixels (video).
        public var height: Int?
        /// Language tag, when set.
        public var language: String?
        /// The stream's own duration in seconds, when known.
        public var duration: Double?
        /// Bit rate in bits per second, when the container says.
        public var bitRate: Int64?
        /// Pixel format of a video stream (`yuv420p`, `yuv420p10le`…), when known.
        public var pixelFormat: String?

        /// Creates a stream.
        public init(
            kind: Kind, codecName: String? = nil, width: Int? = nil, height: Int? = nil, language: String? = nil,
            duration: Double? = nil, bitRate: Int64? = nil, pixelFormat: String? = nil
        ) {
            self.kind = kind
            self.codecName = codecName
            self.width = width
            self.height = height
            self.language = language
            self.duration = duration
            self.bitRate = bitRate
            self.pixelFormat = pixelFormat
        }

        /// Whether the pictures have more than 8 bits per sample (`…10le`, `…12be`), which some
        /// hardware encoders refuse.
        public var isHighBitDepth: Bool {
            guard let pixelFormat else { return false }
            return pixelFormat.contains("10") || pixelFormat.contains("12") || pixelFormat.contains("16")
        }
    }

    /// Container format (`matroska,webm`, `mov,mp4,…`).
    public var formatName: String?
    /// Duration in seconds.
    public var duration: Double?
    /// File size in bytes.
    public var size: Int64?
    /// The streams, in file order.
    public var streams: [Stream]

    /// Creates a probe result.
    public init(formatName: String? = nil, duration: Double? = nil, size: Int64? = nil, streams: [Stream] = []) {
        self.formatName = formatName
        self.duration = duration
        self.size = size
        self.streams = streams
    }

    /// Video streams.
    public var videoStreams: [Stream] { streams.filter { $0.kind == .video } }
    /// Audio streams.
    public var audioStreams: [Stream] { streams.filter { $0.kind == .audio } }

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
