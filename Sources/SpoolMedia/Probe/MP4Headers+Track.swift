import SpoolCore

extension MP4Headers {
    /// What one `trak` says: its id, the chapter tracks it points at, handler, media header, edit
    /// list and first sample entry.
    struct Track {
        var id: UInt32 = 0
        var chapterTrackIDs: [UInt32] = []
        var handler: String?
        var timescale: UInt32 = 0
        var mediaDuration: UInt64?
        var languageCode: UInt16 = 0
        /// Segment durations (movie timescale) of the edits that show media.
        var edits: [UInt64]?
        var sampleEntry: MP4Box?

        /// Reads a `trak` payload; nil when a box it needs is malformed.
        init?(_ payload: ArraySlice<UInt8>) {
            guard let children = MP4Box.children(of: payload) else { return nil }
            for child in children {
                switch child.type {
                case "tkhd":
                    var cursor = ByteCursor(child.payload)
                    guard let version = cursor.u8(), cursor.skip(3 + (version == 1 ? 16 : 8)), let id = cursor.u32() else { return nil }
                    self.id = id
                case "tref":
                    guard let references = MP4Box.children(of: child.payload) else { return nil }
                    for reference in references where reference.type == "chap" {
                        var cursor = ByteCursor(reference.payload)
                        while let id = cursor.u32() { chapterTrackIDs.append(id) }
                    }
                case "edts":
                    guard let list = MP4Box.child("elst", in: child.payload), let edits = Self.edits(list.payload) else { return nil }
                    self.edits = edits
                case "mdia":
                    guard readMedia(child.payload) else { return nil }
                default:
                    continue
                }
            }
        }

        private mutating func readMedia(_ payload: ArraySlice<UInt8>) -> Bool {
            guard let children = MP4Box.children(of: payload) else { return false }
            for child in children {
                var cursor = ByteCursor(child.payload)
                switch child.type {
                case "mdhd":
                    guard let version = cursor.u8(), cursor.skip(3 + (version == 1 ? 16 : 8)), let timescale = cursor.u32() else { return false }
                    self.timescale = timescale
                    let duration = version == 1 ? cursor.u64() : cursor.u32().map { $0 == .max ? UInt64.max : UInt64($0) }
                    guard let duration, let language = cursor.u16() else { return false }
                    mediaDuration = duration == .max ? nil : duration
                    languageCode = language
                case "hdlr":
                    guard cursor.skip(8), let type = cursor.fourCC() else { return false }
                    handler = type
                case "minf":
                    guard let table = MP4Box.child("stbl", in: child.payload),
                          let descriptions = MP4Box.child("stsd", in: table.payload)
                    else { return false }
                    var entries = ByteCursor(descriptions.payload)
                    guard entries.skip(4), let count = entries.u32(), count > 0, let rest = entries.take(entries.remaining),
                          let first = MP4Box.firstChild(of: rest)
                    else { return false }
                    sampleEntry = first
                default:
                    continue
                }
            }
            return true
        }

        /// `elst`: the durations of the edits that show media (media time not -1).
        private static func edits(_ payload: ArraySlice<UInt8>) -> [UInt64]? {
            var cursor = ByteCursor(payload)
            guard let version = cursor.u8(), cursor.skip(3), let count = cursor.u32() else { return nil }
            let entrySize = version == 1 ? 20 : 12
            guard Int(count) <= cursor.remaining / entrySize else { return nil }
            var durations: [UInt64] = []
            for _ in 0 ..< count {
                let duration = version == 1 ? cursor.u64() : cursor.u32().map(UInt64.init)
                let mediaTime = version == 1 ? cursor.u64() : cursor.u32().map { $0 == .max ? UInt64.max : UInt64($0) }
                guard let duration, let mediaTime, cursor.skip(4) else { return nil }
                if mediaTime != .max { durations.append(duration) }
            }
            return durations
        }

        /// The track as ffprobe would list it; nil when ffprobe would know more than this reader.
        func stream(isChapterTrack: Bool, movieTimescale: UInt32) -> MediaProbe.Stream? {
            guard let handler, let entry = sampleEntry, timescale > 0, case .tag(let language) = mediaLanguage else { return nil }
            let duration: Double? = if let edits, !edits.isEmpty {
                Double(edits.reduce(0, &+)) / Double(movieTimescale)
            } else {
                mediaDuration.map { Double($0) / Double(timescale) }
            }
            if isChapterTrack {
                // ffmpeg turns a text chapter track into a data stream.
                guard handler == "text" || handler == "sbtl" else { return nil }
                return MediaProbe.Stream(kind: .other, codecName: "bin_data", language: language, duration: duration)
            }
            switch handler {
            case "vide":
                guard let codec = Self.videoCodecs[entry.type] else { return nil }
                var cursor = ByteCursor(entry.payload)
                guard cursor.skip(24), let width = cursor.u16(), let height = cursor.u16() else { return nil }
                return MediaProbe.Stream(
                    kind: .video, codecName: codec, width: Int(width), height: Int(height), language: language, duration: duration
                )
            case "soun":
                guard let codec = Self.audioCodec(entry) else { return nil }
                return MediaProbe.Stream(kind: .audio, codecName: codec, language: language, duration: duration)
            case "text", "sbtl", "subt":
                guard let codec = Self.subtitleCodecs[entry.type] else { return nil }
                return MediaProbe.Stream(kind: .subtitle, codecName: codec, language: language, duration: duration)
            default:
                return nil // timecode, hint, metadata…: ffprobe's codec names for these are its own
            }
        }

        /// A track's language as ffmpeg reads `mdhd`.
        private enum Language {
            /// A tag, or none (`und`).
            case tag(String?)
            /// An old Macintosh code this reader does not map.
            case unsure
        }

        /// Packed ISO 639-2 (`und` → none), or the old Macintosh code 0 (English).
        private var mediaLanguage: Language {
            if languageCode == 0x7FFF { return .tag(nil) }
            if languageCode >= 0x400 {
                let code = String([10, 5, 0].map { Character(Unicode.Scalar(UInt8(0x60 + ((languageCode >> $0) & 0x1F)))) })
                return .tag(code == "und" ? nil : code)
            }
            return languageCode == 0 ? .tag("eng") : .unsure
        }

        private static let videoCodecs: [String: String] = [
            "avc1": "h264", "avc3": "h264", "hvc1": "hevc", "hev1": "hevc", "av01": "av1", "vp09": "vp9", "vp08": "vp8",
        ]
        private static let subtitleCodecs: [String: String] = ["tx3g": "mov_text", "wvtt": "webvtt"]
        private static let fixedAudioCodecs: [String: String] = ["Opus": "opus", "fLaC": "flac", "ac-3": "ac3", "ec-3": "eac3"]

        /// The codec of an audio sample entry; `mp4a` is named by its `esds` object type.
        private static func audioCodec(_ entry: MP4Box) -> String? {
            if let codec = fixedAudioCodecs[entry.type] { return codec }
            guard entry.type == "mp4a" else { return nil }
            // SampleEntry (8), then the sound description: version 0 is 20 bytes, QuickTime's version
            // 1 adds 16 and version 2 adds 36.
            var cursor = ByteCursor(entry.payload)
            guard cursor.skip(8), let version = cursor.u16() else { return nil }
            let extensions: Int
            switch version {
            case 0: extensions = 28
            case 1: extensions = 44
            case 2: extensions = 64
            default: return nil
            }
            guard extensions <= entry.payload.count, let children = MP4Box.children(of: entry.payload.dropFirst(extensions)) else { return nil }
            let descriptor = children.first { $0.type == "esds" }
                ?? children.first { $0.type == "wave" }.flatMap { MP4Box.child("esds", in: $0.payload) }
            guard let descriptor, let objectType = objectTypeIndication(descriptor.payload) else { return nil }
            switch objectType {
            case 0x40, 0x66, 0x67, 0x68: return "aac"
            case 0x69, 0x6B: return "mp3"
            default: return nil
            }
        }

        /// `esds`: the DecoderConfigDescriptor's objectTypeIndication inside the ES_Descriptor.
        private static func objectTypeIndication(_ payload: ArraySlice<UInt8>) -> UInt8? {
            var cursor = ByteCursor(payload)
            guard cursor.skip(4), cursor.u8() == 0x03, descriptorLength(&cursor) != nil,
                  cursor.skip(2), let flags = cursor.u8()
            else { return nil }
            if flags & 0x80 != 0 { guard cursor.skip(2) else { return nil } }
            if flags & 0x40 != 0 { guard let length = cursor.u8(), cursor.skip(Int(length)) else { return nil } }
            if flags & 0x20 != 0 { guard cursor.skip(2) else { return nil } }
            guard cursor.u8() == 0x04, descriptorLength(&cursor) != nil else { return nil }
            return cursor.u8()
        }

        /// An MPEG-4 descriptor length: up to four bytes of seven bits, high bit = more follow.
        private static func descriptorLength(_ cursor: inout ByteCursor) -> Int? {
            var length = 0
            for _ in 0 ..< 4 {
                guard let byte = cursor.u8() else { return nil }
                length = length << 7 | Int(byte & 0x7F)
                if byte & 0x80 == 0 { return length }
            }
            return nil
        }
    }
}
