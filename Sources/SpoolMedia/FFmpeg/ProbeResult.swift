import Foundation

/// What ffprobe reports about a media file (`-show_format -show_streams`).
public struct ProbeResult: Sendable, Hashable, Decodable {
    /// One stream of the file.
    public struct Stream: Sendable, Hashable, Decodable {
        /// Position in the file (`0:index` in ffmpeg's stream specifiers).
        public var index: Int
        /// `video`, `audio`, `subtitle`, `attachment`, `data`.
        public var codecType: String?
        /// `h264`, `aac`, `opus`, `subrip`, `mjpeg`, …
        public var codecName: String?
        /// Width in pixels (video).
        public var width: Int?
        /// Height in pixels (video).
        public var height: Int?
        /// The `language` tag (ISO 639-2, e.g. `eng`).
        public var language: String?
        /// The `title` tag.
        public var title: String?
        /// Whether the `default` disposition is set.
        public var isDefault: Bool
        /// Duration in seconds (from the stream, or Matroska's `DURATION` tag).
        public var duration: Double?
        /// Bit rate in bits per second (`bit_rate`; Matroska streams usually have none).
        public var bitRate: Int64?
        /// Pixel format of a video stream (`pix_fmt`: `yuv420p`, `yuv420p10le`…).
        public var pixelFormat: String?
        /// Whether the `attached_pic` disposition is set (cover art shown as a one-picture video stream).
        public var isAttachedPicture: Bool

        /// Creates a stream description.
        public init(
            index: Int, codecType: String?, codecName: String?, width: Int? = nil, height: Int? = nil,
            language: String? = nil, title: String? = nil, isDefault: Bool = false, duration: Double? = nil,
            bitRate: Int64? = nil, pixelFormat: String? = nil, isAttachedPicture: Bool = false
        ) {
            self.index = index
            self.codecType = codecType
            self.codecName = codecName
            self.width = width
            self.height = height
            self.language = language
            self.title = title
            self.isDefault = isDefault
            self.duration = duration
            self.bitRate = bitRate
            self.pixelFormat = pixelFormat
            self.isAttachedPicture = isAttachedPicture
        }

        private enum CodingKeys: String, CodingKey {
            case index, width, height, duration, tags, disposition
            case codecType = "codec_type"
            case codecName = "codec_name"
            case bitRate = "bit_rate"
            case pixelFormat = "pix_fmt"
        }

        /// Reads ffprobe's stream object.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let tags = (try? container.decodeIfPresent([String: String].self, forKey: .tags)) ?? [:]
            let disposition = (try? container.decodeIfPresent([String: Int].self, forKey: .disposition)) ?? [:]
            index = try container.decode(Int.self, forKey: .index)
            codecType = try? container.decodeIfPresent(String.self, forKey: .codecType)
            codecName = try? container.decodeIfPresent(String.self, forKey: .codecName)
            width = try? container.decodeIfPresent(Int.self, forKey: .width)
            height = try? container.decodeIfPresent(Int.self, forKey: .height)
            language = Self.tag("language", in: tags)
            title = Self.tag("title", in: tags)
            isDefault = disposition["default"] == 1
            isAttachedPicture = disposition["attached_pic"] == 1
            bitRate = ((try? container.decodeIfPresent(String.self, forKey: .bitRate)) ?? nil).flatMap { Int64($0) }
            pixelFormat = try? container.decodeIfPresent(String.self, forKey: .pixelFormat)
            duration = ((try? container.decodeIfPresent(String.self, forKey: .duration)) ?? nil).flatMap(Double.init)
                ?? Self.tag("DURATION", in: tags).flatMap(ProbeResult.seconds(fromClock:))
        }

        /// Tags are case-insensitive in practice (`language`, `LANGUAGE`).
        private static func tag(_ name: String, in tags: [String: String]) -> String? {
            tags[name] ?? tags.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
        }
    }

    /// ffmpeg's demuxer names, e.g. `matroska,webm` or `mov,mp4,m4a,3gp,3g2,mj2`.
    public var formatName: String?
    /// Duration in seconds.
    public var duration: Double?
    /// File size in bytes.
    public var size: Int64?
    /// Overall bit rate in bits per second.
    public var bitRate: Int64?
    /// Every stream, in file order.
    public var streams: [Stream]

    /// Creates a result.
    public init(formatName: String?, duration: Double?, size: Int64?, bitRate: Int64?, streams: [Stream]) {
        self.formatName = formatName
        self.duration = duration
        self.size = size
        self.bitRate = bitRate
        self.streams = streams
    }

    /// Decodes ffprobe's `-print_format json` output.
    public init(json data: Data) throws {
        self = try JSONDecoder().decode(Self.self, from: data)
    }

    /// The video streams, attached pictures (cover art) excluded: the `attached_pic` disposition,
    /// or a still-picture codec (a cover some muxers wrote as a plain one-frame track).
    public var videoStreams: [Stream] {
        streams.filter { $0.codecType == "video" && !$0.isAttachedPicture && !Self.pictureCodecs.contains($0.codecName ?? "") }
    }

    /// The audio streams.
    public var audioStreams: [Stream] { streams.filter { $0.codecType == "audio" } }

    /// The subtitle streams.
    public var subtitleStreams: [Stream] { streams.filter { $0.codecType == "subtitle" } }

    private static let pictureCodecs: Set<String> = ["mjpeg", "png", "bmp", "gif", "webp"]

    private struct Format: Decodable {
        var format_name: String?
        var duration: String?
        var size: String?
        var bit_rate: String?
    }

    private enum CodingKeys: String, CodingKey {
        case format, streams
    }

    /// Reads ffprobe's top-level object; numbers arrive as strings there.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let format = try container.decodeIfPresent(Format.self, forKey: .format)
        formatName = format?.format_name
        duration = format?.duration.flatMap(Double.init)
        size = format?.size.flatMap { Int64($0) }
        bitRate = format?.bit_rate.flatMap { Int64($0) }
        streams = try container.decodeIfPresent([Stream].self, forKey: .streams) ?? []
    }

    /// `HH:MM:SS.fraction` → seconds.
    static func seconds(fromClock text: String) -> Double? {
        let parts = text.split(separator: ":")
        guard parts.count == 3, let hours = Double(parts[0]), let minutes = Double(parts[1]),
              let seconds = Double(parts[2])
        else { return nil }
        return hours * 3600 + minutes * 60 + seconds
    }
}
