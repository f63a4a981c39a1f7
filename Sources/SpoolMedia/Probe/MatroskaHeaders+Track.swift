import SpoolCore

extension MatroskaHeaders {
    /// One `TrackEntry`: type, codec id, language, pixel size and uid.
    struct Track {
        /// The TrackEntry element's id.
        static let entryID: UInt32 = 0xAE

        var uid: UInt64?
        var type: UInt64?
        var codecID: String?
        /// Language (ISO 639-2); Matroska's default is English.
        var language: String? = "eng"
        /// Whether an IETF BCP 47 language is set (ffmpeg may prefer it; this reader does not map it).
        var hasBCP47Language = false
        var width: UInt64?
        var height: UInt64?
        /// Whether an element was malformed.
        var isMalformed = false

        /// Reads a TrackEntry.
        init(_ entry: EBMLElement) {
            guard let children = EBMLElement.children(of: entry.payload) else {
                isMalformed = true
                return
            }
            for child in children {
                switch child.id {
                case 0x73C5: uid = child.uint
                case 0x83: type = child.uint
                case 0x86: codecID = child.string
                case 0x22_B59C: language = child.string
                case 0x22_B59D: hasBCP47Language = true
                case 0xE0:
                    guard let video = EBMLElement.children(of: child.payload) else {
                        isMalformed = true
                        return
                    }
                    for field in video {
                        if field.id == 0xB0 { width = field.uint }
                        if field.id == 0xBA { height = field.uint }
                    }
                default:
                    continue
                }
            }
        }

        /// The track as ffprobe would list it (without its duration); nil when ffprobe would know
        /// more than this reader.
        var stream: MediaProbe.Stream? {
            guard !isMalformed, !hasBCP47Language, let codecID, let language else { return nil }
            let tag = language == "und" ? nil : language
            switch type {
            case 1:
                guard let codec = Self.videoCodecs[codecID], let width, let height, width > 0, height > 0,
                      width <= UInt64(Int32.max), height <= UInt64(Int32.max)
                else { return nil }
                return MediaProbe.Stream(kind: .video, codecName: codec, width: Int(width), height: Int(height), language: tag)
            case 2:
                let codec = codecID.hasPrefix("A_AAC/") ? "aac" : Self.audioCodecs[codecID]
                guard let codec else { return nil }
                return MediaProbe.Stream(kind: .audio, codecName: codec, language: tag)
            case 17:
                guard let codec = Self.subtitleCodecs[codecID] else { return nil }
                return MediaProbe.Stream(kind: .subtitle, codecName: codec, language: tag)
            default:
                return nil
            }
        }

        private static let videoCodecs: [String: String] = [
            "V_MPEG4/ISO/AVC": "h264", "V_MPEGH/ISO/HEVC": "hevc", "V_AV1": "av1", "V_VP9": "vp9", "V_VP8": "vp8",
        ]
        private static let audioCodecs: [String: String] = [
            "A_AAC": "aac", "A_OPUS": "opus", "A_VORBIS": "vorbis", "A_FLAC": "flac", "A_MPEG/L3": "mp3",
            "A_AC3": "ac3", "A_EAC3": "eac3",
        ]
        /// ffmpeg reads both ASS and SSA tracks as `ass`, and WebM's `D_WEBVTT/…` kinds as `webvtt`.
        private static let subtitleCodecs: [String: String] = [
            "S_TEXT/UTF8": "subrip", "S_TEXT/WEBVTT": "webvtt", "S_TEXT/ASS": "ass", "S_TEXT/SSA": "ass",
            "D_WEBVTT/SUBTITLES": "webvtt", "D_WEBVTT/CAPTIONS": "webvtt", "D_WEBVTT/DESCRIPTIONS": "webvtt",
        ]
    }
}
