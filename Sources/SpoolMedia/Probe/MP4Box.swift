/// One ISO BMFF box read from memory: its type and payload.
struct MP4Box {
    let type: String
    let payload: ArraySlice<UInt8>

    /// The boxes that fill `bytes` exactly; nil when a size is out of bounds.
    static func children(of bytes: ArraySlice<UInt8>) -> [MP4Box]? {
        var cursor = ByteCursor(bytes)
        var boxes: [MP4Box] = []
        while cursor.remaining > 0 {
            // A 32-bit zero terminator is allowed at the end of some QuickTime containers.
            if cursor.remaining < 8 { return cursor.remaining == 4 && cursor.u32() == 0 ? boxes : nil }
            guard let size32 = cursor.u32(), let type = cursor.fourCC() else { return nil }
            let payloadSize: UInt64
            switch size32 {
            case 0:
                payloadSize = UInt64(cursor.remaining)
            case 1:
                guard let large = cursor.u64(), large >= 16 else { return nil }
                payloadSize = large - 16
            default:
                guard size32 >= 8 else { return nil }
                payloadSize = UInt64(size32 - 8)
            }
            guard payloadSize <= UInt64(cursor.remaining), let payload = cursor.take(Int(payloadSize)) else { return nil }
            boxes.append(MP4Box(type: type, payload: payload))
        }
        return boxes
    }

    /// The first child of type `type`.
    static func child(_ type: String, in bytes: ArraySlice<UInt8>) -> MP4Box? {
        children(of: bytes)?.first { $0.type == type }
    }

    /// The children of a `meta` box: a full box in MP4 (4 bytes of version and flags first), a plain
    /// container in QuickTime.
    static func metaChildren(of payload: ArraySlice<UInt8>) -> [MP4Box]? {
        var cursor = ByteCursor(payload)
        if cursor.skip(4), cursor.skip(4), cursor.fourCC() == "hdlr" {
            return children(of: payload.dropFirst(4))
        }
        return children(of: payload)
    }

    /// The first box in `bytes` (a sample description's first entry); nil when it does not fit.
    static func firstChild(of bytes: ArraySlice<UInt8>) -> MP4Box? {
        var cursor = ByteCursor(bytes)
        guard let size = cursor.u32(), size >= 8, Int(size) <= bytes.count, let type = cursor.fourCC(),
              let payload = cursor.take(Int(size) - 8)
        else { return nil }
        return MP4Box(type: type, payload: payload)
    }
}
