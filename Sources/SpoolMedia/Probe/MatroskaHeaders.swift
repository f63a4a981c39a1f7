import SpoolCore

/// Reads a Matroska or WebM file's Segment up to its first Cluster: `Info` (duration), `Tracks`
/// (kind, codec, size, language per track) and `Tags` (each track's `DURATION`), named as ffprobe
/// names them.
///
/// Anything it does not fully understand makes it answer nil (ask ffprobe): another DocType, Info or
/// Tracks missing before the first Cluster, no Duration, an unknown codec or track type,
/// attachments (ffprobe lists cover art and fonts as streams).
enum MatroskaHeaders {
    /// What ffprobe calls Matroska and WebM.
    static let formatName = "matroska,webm"
    /// The largest top-level element (Info, Tracks, Tags, SeekHead) read into memory.
    static let elementLimit = 16 << 20
    /// The most top-level elements walked before the first Cluster.
    static let elementCountLimit = 10_000

    private enum ID {
        static let header: UInt32 = 0x1A45_DFA3
        static let docType: UInt32 = 0x4282
        static let segment: UInt32 = 0x1853_8067
        static let seekHead: UInt32 = 0x114D_9B74
        static let seek: UInt32 = 0x4DBB
        static let seekID: UInt32 = 0x53AB
        static let info: UInt32 = 0x1549_A966
        static let timestampScale: UInt32 = 0x2A_D7B1
        static let duration: UInt32 = 0x4489
        static let tracks: UInt32 = 0x1654_AE6B
        static let tags: UInt32 = 0x1254_C367
        static let attachments: UInt32 = 0x1941_A469
        static let cluster: UInt32 = 0x1F43_B675
    }

    /// The probe of an open file, or nil when not sure.
    static func probe(_ file: inout HeaderFile) -> MediaProbe? {
        guard let header = elementHeader(&file, at: 0), header.id == ID.header, header.size <= 4096,
              let payload = file.read(at: header.dataOffset, count: Int(header.size)),
              let fields = EBMLElement.children(of: payload[...]),
              let docType = fields.first(where: { $0.id == ID.docType })?.string, docType == "matroska" || docType == "webm"
        else { return nil }
        guard let segment = elementHeader(&file, at: header.dataOffset + Int64(header.size)), segment.id == ID.segment else { return nil }
        let segmentEnd = segment.size == EBMLElement.unknownSize ? file.size : segment.dataOffset + Int64(segment.size)

        var info: (scale: UInt64, duration: Double?)?
        var tracks: [Track]?
        var durations: [UInt64: Double] = [:]
        var offset = segment.dataOffset
        for _ in 0 ..< elementCountLimit {
            guard offset < segmentEnd else { break }
            guard let element = elementHeader(&file, at: offset) else { return nil }
            if element.id == ID.cluster { break }
            guard element.size != EBMLElement.unknownSize, element.dataOffset + Int64(element.size) <= segmentEnd else { return nil }
            switch element.id {
            case ID.info, ID.tracks, ID.tags, ID.seekHead:
                guard element.size <= elementLimit, let bytes = file.read(at: element.dataOffset, count: Int(element.size)),
                      let children = EBMLElement.children(of: bytes[...])
                else { return nil }
                switch element.id {
                case ID.info:
                    guard info == nil else { return nil }
                    info = readInfo(children)
                case ID.tracks:
                    guard tracks == nil else { return nil }
                    tracks = children.filter { $0.id == Track.entryID }.map(Track.init)
                case ID.tags:
                    durations.merge(trackDurations(children)) { first, _ in first }
                default:
                    // A SeekHead that points at Attachments: ffprobe would list them as streams.
                    guard !pointsAtAttachments(children) else { return nil }
                }
            case ID.attachments:
                return nil
            default:
                break
            }
            offset = element.dataOffset + Int64(element.size)
        }
        guard let info, let duration = info.duration, duration > 0, let tracks, !tracks.isEmpty else { return nil }
        var streams: [MediaProbe.Stream] = []
        for track in tracks {
            guard var stream = track.stream else { return nil }
            stream.duration = track.uid.flatMap { durations[$0] }
            streams.append(stream)
        }
        let seconds = duration * Double(info.scale) / 1e9
        return MediaProbe(formatName: formatName, duration: seconds, size: file.size, streams: streams)
    }

    /// An element's id and size at `offset` of the file, and where its data starts.
    private static func elementHeader(_ file: inout HeaderFile, at offset: Int64) -> (id: UInt32, size: UInt64, dataOffset: Int64)? {
        guard let bytes = file.readUpTo(at: offset, count: 12) else { return nil }
        var cursor = ByteCursor(bytes)
        guard let id = cursor.elementID(), let size = cursor.elementSize() else { return nil }
        let dataOffset = offset + Int64(cursor.position)
        guard size == EBMLElement.unknownSize || size <= UInt64(file.size - dataOffset) else { return nil }
        return (id, size, dataOffset)
    }

    /// `Info`: TimestampScale (1,000,000 ns by default) and Duration in its units.
    private static func readInfo(_ children: [EBMLElement]) -> (scale: UInt64, duration: Double?)? {
        var scale: UInt64 = 1_000_000
        var duration: Double?
        for child in children {
            switch child.id {
            case ID.timestampScale:
                guard let value = child.uint, value > 0 else { return nil }
                scale = value
            case ID.duration:
                guard let value = child.float, value.isFinite else { return nil }
                duration = value
            default:
                continue
            }
        }
        return (scale, duration)
    }

    /// Whether a SeekHead lists an Attachments element.
    private static func pointsAtAttachments(_ children: [EBMLElement]) -> Bool {
        children.contains { seek in
            seek.id == ID.seek && EBMLElement.children(of: seek.payload)?.contains {
                $0.id == ID.seekID && $0.uint == UInt64(ID.attachments)
            } == true
        }
    }

    /// The `DURATION` tags of `Tags`, by the track uid they target (`HH:MM:SS.nnnnnnnnn`).
    private static func trackDurations(_ tags: [EBMLElement]) -> [UInt64: Double] {
        var durations: [UInt64: Double] = [:]
        for tag in tags where tag.id == 0x7373 {
            guard let fields = EBMLElement.children(of: tag.payload) else { continue }
            var uids: [UInt64] = []
            for targets in fields where targets.id == 0x63C0 {
                for target in EBMLElement.children(of: targets.payload) ?? [] where target.id == 0x63C5 {
                    if let uid = target.uint, uid != 0 { uids.append(uid) }
                }
            }
            for simple in fields where simple.id == 0x67C8 {
                guard let parts = EBMLElement.children(of: simple.payload),
                      let name = parts.first(where: { $0.id == 0x45A3 })?.string, name.uppercased() == "DURATION",
                      let value = parts.first(where: { $0.id == 0x4487 })?.string,
                      let seconds = ProbeResult.seconds(fromClock: value)
                else { continue }
                for uid in uids where durations[uid] == nil { durations[uid] = seconds }
            }
        }
        return durations
    }
}
