import SpoolCore

/// Reads an ISO BMFF (MP4, MOV, M4A) file's `moov` box: the movie's duration and, per `trak`, the
/// stream's kind, codec, size and language, named as ffprobe names them.
///
/// Anything it does not fully understand makes it answer nil (ask ffprobe): a file not starting
/// with `ftyp`, a fragmented or truncated file, an unknown codec or handler, cover art.
enum MP4Headers {
    /// What ffprobe calls the ISO BMFF family.
    static let formatName = "mov,mp4,m4a,3gp,3g2,mj2"
    /// The largest `moov` read into memory.
    static let moovLimit = 64 << 20
    /// The most top-level boxes walked before giving up.
    static let topLevelLimit = 100_000

    /// The probe of an open file, or nil when not sure.
    static func probe(_ file: inout HeaderFile) -> MediaProbe? {
        var offset: Int64 = 0
        var first = true
        for _ in 0 ..< topLevelLimit {
            guard offset < file.size, let header = boxHeader(&file, at: offset) else { return nil }
            if first {
                guard header.type == "ftyp" else { return nil }
                first = false
            }
            if header.type == "moov" {
                guard header.payloadSize <= Int64(moovLimit),
                      let payload = file.read(at: offset + Int64(header.headerSize), count: Int(header.payloadSize))
                else { return nil }
                return movie(payload[...], fileSize: file.size)
            }
            offset += header.headerSize + header.payloadSize
        }
        return nil
    }

    /// A box header at `offset` of the file: type, header size and payload size, checked against
    /// the file's end.
    private static func boxHeader(_ file: inout HeaderFile, at offset: Int64) -> (type: String, headerSize: Int64, payloadSize: Int64)? {
        guard let bytes = file.readUpTo(at: offset, count: 16), bytes.count >= 8 else { return nil }
        var cursor = ByteCursor(bytes)
        guard let size32 = cursor.u32(), let type = cursor.fourCC() else { return nil }
        let left = file.size - offset
        switch size32 {
        case 0:
            return (type, 8, left - 8)
        case 1:
            guard let large = cursor.u64(), large >= 16, large <= UInt64(left) else { return nil }
            return (type, 16, Int64(large) - 16)
        default:
            guard size32 >= 8, Int64(size32) <= left else { return nil }
            return (type, 8, Int64(size32) - 8)
        }
    }

    // MARK: - moov

    private static func movie(_ moov: ArraySlice<UInt8>, fileSize: Int64) -> MediaProbe? {
        guard let children = MP4Box.children(of: moov) else { return nil }
        var header: (timescale: UInt32, duration: UInt64)?
        var tracks: [Track] = []
        for child in children {
            switch child.type {
            case "mvhd":
                guard header == nil, let value = movieHeader(child.payload) else { return nil }
                header = value
            case "trak":
                guard let track = Track(child.payload) else { return nil }
                tracks.append(track)
            case "mvex":
                return nil // fragmented: the duration is in the fragments
            case "udta", "meta":
                guard !hasCoverArt(child) else { return nil }
            default:
                continue
            }
        }
        guard let header, !tracks.isEmpty else { return nil }
        let chapterIDs = Set(tracks.flatMap(\.chapterTrackIDs))
        var streams: [MediaProbe.Stream] = []
        for track in tracks {
            guard let stream = track.stream(isChapterTrack: chapterIDs.contains(track.id), movieTimescale: header.timescale) else { return nil }
            streams.append(stream)
        }
        let duration = Double(header.duration) / Double(header.timescale)
        return MediaProbe(formatName: formatName, duration: duration, size: fileSize, streams: streams)
    }

    /// `mvhd`: the movie's timescale and duration; nil when either is zero or unknown.
    private static func movieHeader(_ payload: ArraySlice<UInt8>) -> (timescale: UInt32, duration: UInt64)? {
        var cursor = ByteCursor(payload)
        guard let version = cursor.u8(), cursor.skip(3) else { return nil }
        let timescale: UInt32?
        let duration: UInt64?
        if version == 1 {
            guard cursor.skip(16) else { return nil }
            timescale = cursor.u32()
            duration = cursor.u64().flatMap { $0 == .max ? nil : $0 }
        } else {
            guard cursor.skip(8) else { return nil }
            timescale = cursor.u32()
            duration = cursor.u32().flatMap { $0 == .max ? nil : UInt64($0) }
        }
        guard let timescale, timescale > 0, let duration, duration > 0 else { return nil }
        return (timescale, duration)
    }

    /// Whether `udta` or `meta` holds iTunes cover art (`covr`), which ffprobe lists as a stream.
    private static func hasCoverArt(_ box: MP4Box) -> Bool {
        guard let children = box.type == "meta" ? MP4Box.metaChildren(of: box.payload) : MP4Box.children(of: box.payload) else { return true }
        for child in children {
            switch child.type {
            case "meta":
                if hasCoverArt(child) { return true }
            case "ilst":
                guard let items = MP4Box.children(of: child.payload) else { return true }
                if items.contains(where: { $0.type == "covr" }) { return true }
            default:
                continue
            }
        }
        return false
    }
}
