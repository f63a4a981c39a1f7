import Foundation

/// CRC-32 (IEEE 802.3, the zlib one: reflected polynomial 0xEDB88320), computed eight bytes at a
/// time with eight tables ("slicing-by-8"). S3 checks a part's bytes against it (`x-amz-checksum-crc32`).
public struct CRC32: Sendable, Hashable {
    /// The checksum of the bytes so far.
    public private(set) var value: UInt32 = 0

    /// A checksum of nothing yet.
    public init() {}

    /// A checksum already computed.
    public init(value: UInt32) {
        self.value = value
    }

    /// Adds bytes.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var crc = ~value
        var index = 0
        let count = bytes.count
        Self.tables.withUnsafeBufferPointer { table in
            while index + 8 <= count {
                let low = crc ^ UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: index, as: UInt32.self))
                let high = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: index + 4, as: UInt32.self))
                crc = table[7 * 256 + Int(low & 0xFF)] ^ table[6 * 256 + Int((low >> 8) & 0xFF)]
                    ^ table[5 * 256 + Int((low >> 16) & 0xFF)] ^ table[4 * 256 + Int(low >> 24)]
                    ^ table[3 * 256 + Int(high & 0xFF)] ^ table[2 * 256 + Int((high >> 8) & 0xFF)]
                    ^ table[1 * 256 + Int((high >> 16) & 0xFF)] ^ table[Int(high >> 24)]
                index += 8
            }
            while index < count {
                crc = table[Int((crc ^ UInt32(bytes[index])) & 0xFF)] ^ (crc >> 8)
                index += 1
            }
        }
        value = ~crc
    }

    /// Adds bytes.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        let array = Array(bytes)
        array.withUnsafeBytes { update($0) }
    }

    /// The checksum as S3 writes it: the four bytes big-endian, base64.
    public var base64: String {
        Data([UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]).base64EncodedString()
    }

    /// The checksum S3 gives a multipart object whose parts have these checksums ("composite"): the
    /// CRC-32 of the parts' checksums, big-endian, one after the other.
    public static func composite(of parts: [UInt32]) -> CRC32 {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(parts.count * 4)
        for part in parts {
            bytes += [UInt8(part >> 24), UInt8((part >> 16) & 0xFF), UInt8((part >> 8) & 0xFF), UInt8(part & 0xFF)]
        }
        var crc = CRC32()
        crc.update(bytes)
        return crc
    }

    /// The value of a base64 checksum as S3 writes it (`wX9c5Q==`, or `wX9c5Q==-16` for a composite one).
    public static func value(ofBase64 text: String) -> UInt32? {
        let encoded = text.split(separator: "-").first.map(String.init) ?? text
        guard let bytes = Data(base64Encoded: encoded), bytes.count == 4 else { return nil }
        return bytes.reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// table[k * 256 + n]: the CRC of byte n followed by k zero bytes.
    private static let tables: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 8 * 256)
        for byte in 0..<256 {
            var crc = UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
            table[byte] = crc
        }
        for byte in 0..<256 {
            for slice in 1..<8 {
                let previous = table[(slice - 1) * 256 + byte]
                table[slice * 256 + byte] = table[Int(previous & 0xFF)] ^ (previous >> 8)
            }
        }
        return table
    }()
}
