/// One EBML element read from memory (Matroska, WebM): its id (length marker kept, as the specs
/// write ids) and payload.
struct EBMLElement {
    /// The size value that means "unknown" (all value bits set); returned as this sentinel.
    static let unknownSize = UInt64.max

    let id: UInt32
    let payload: ArraySlice<UInt8>

    /// The elements that fill `bytes` exactly; nil when one is malformed, of unknown size, or does
    /// not fit.
    static func children(of bytes: ArraySlice<UInt8>) -> [EBMLElement]? {
        var cursor = ByteCursor(bytes)
        var elements: [EBMLElement] = []
        while cursor.remaining > 0 {
            guard let id = cursor.elementID(), let size = cursor.elementSize(), size != unknownSize,
                  size <= UInt64(cursor.remaining), let payload = cursor.take(Int(size))
            else { return nil }
            elements.append(EBMLElement(id: id, payload: payload))
        }
        return elements
    }

    /// The payload as an unsigned integer (0–8 bytes).
    var uint: UInt64? {
        guard payload.count <= 8 else { return nil }
        return payload.reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// The payload as a 4- or 8-byte IEEE float.
    var float: Double? {
        switch payload.count {
        case 4: uint.map { Double(Float(bitPattern: UInt32($0))) }
        case 8: uint.map { Double(bitPattern: $0) }
        default: nil
        }
    }

    /// The payload as a string, trailing zero bytes dropped; nil when it is not UTF-8.
    var string: String? {
        var bytes = payload
        while bytes.last == 0 { bytes.removeLast() }
        return String(validating: bytes, as: UTF8.self)
    }
}

extension ByteCursor {
    /// An EBML element id: 1–4 bytes, the length marker kept.
    mutating func elementID() -> UInt32? {
        guard let first = u8(), first != 0 else { return nil }
        let length = first.leadingZeroBitCount + 1
        guard length <= 4, let rest = uint(length - 1) else { return nil }
        return UInt32(first) << (8 * (length - 1)) | UInt32(rest)
    }

    /// An EBML element size: 1–8 bytes, the length marker removed;
    /// ``EBMLElement/unknownSize`` when every value bit is set.
    mutating func elementSize() -> UInt64? {
        guard let first = u8(), first != 0 else { return nil }
        let length = first.leadingZeroBitCount + 1
        guard let rest = uint(length - 1) else { return nil }
        let value = UInt64(first & (0xFF >> length)) << (8 * (length - 1)) | rest
        return value == (1 << (7 * length)) - 1 ? EBMLElement.unknownSize : value
    }
}
