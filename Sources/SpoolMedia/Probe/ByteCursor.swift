/// A cursor over bytes already read, with big-endian integer reads that fail (nil) at the end
/// instead of trapping.
struct ByteCursor {
    let bytes: ArraySlice<UInt8>
    private(set) var position: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.position = bytes.startIndex
    }

    init(_ bytes: [UInt8]) {
        self.init(bytes[...])
    }

    /// Bytes left after the cursor.
    var remaining: Int { bytes.endIndex - position }

    /// Moves the cursor `count` bytes on; false (and no move) when fewer are left.
    mutating func skip(_ count: Int) -> Bool {
        guard count >= 0, count <= remaining else { return false }
        position += count
        return true
    }

    /// The next `count` bytes.
    mutating func take(_ count: Int) -> ArraySlice<UInt8>? {
        guard count >= 0, count <= remaining else { return nil }
        defer { position += count }
        return bytes[position ..< position + count]
    }

    /// A big-endian unsigned integer of `count` (0…8) bytes.
    mutating func uint(_ count: Int) -> UInt64? {
        guard count <= 8, let slice = take(count) else { return nil }
        return slice.reduce(0) { $0 << 8 | UInt64($1) }
    }

    mutating func u8() -> UInt8? { uint(1).map { UInt8($0) } }
    mutating func u16() -> UInt16? { uint(2).map { UInt16($0) } }
    mutating func u32() -> UInt32? { uint(4).map { UInt32($0) } }
    mutating func u64() -> UInt64? { uint(8) }

    /// Four bytes as a four-character code (`moov`, `avc1`).
    mutating func fourCC() -> String? {
        take(4).map(Self.fourCC)
    }

    /// Bytes as a four-character code, any byte kept (Latin-1), so `ac-3` and `©too` compare.
    static func fourCC(_ bytes: ArraySlice<UInt8>) -> String {
        String(bytes.map { Character(Unicode.Scalar($0)) })
    }
}
