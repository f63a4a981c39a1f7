import Testing
@testable import SpoolS3

@Suite("CRC-32")
struct CRC32Tests {
    @Test("the check value of '123456789' is 0xCBF43926, written y/Q5Jg== by S3")
    func checkValue() {
        var crc = CRC32()
        crc.update(Array("123456789".utf8))
        #expect(crc.value == 0xCBF4_3926)
        #expect(crc.base64 == "y/Q5Jg==")
        #expect(CRC32.value(ofBase64: "y/Q5Jg==") == 0xCBF4_3926)
        #expect(CRC32.value(ofBase64: "y/Q5Jg==-16") == 0xCBF4_3926)
        #expect(CRC32.value(ofBase64: "not base64!") == nil)
    }

    @Test("5 MiB of 'x' gives BwQzxA== (what moto, i.e. zlib, answered for that part)")
    func largeInput() {
        var crc = CRC32()
        crc.update([UInt8](repeating: UInt8(ascii: "x"), count: 5 << 20))
        #expect(crc.base64 == "BwQzxA==")
    }

    @Test("updating in pieces of any size gives the same value as all at once")
    func pieces() {
        let bytes = (0..<10_007).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 5) }
        var whole = CRC32()
        whole.update(bytes)
        for size in [1, 3, 7, 8, 9, 64, 1000] {
            var pieces = CRC32()
            var index = 0
            while index < bytes.count {
                pieces.update(bytes[index..<min(index + size, bytes.count)])
                index += size
            }
            #expect(pieces == whole, "pieces of \(size)")
        }
        #expect(CRC32().value == 0)
    }

    @Test("a composite checksum is the CRC-32 of the parts' checksums, big-endian")
    func composite() {
        var expected = CRC32()
        expected.update([0xCB, 0xF4, 0x39, 0x26, 0x00, 0x00, 0x00, 0x01])
        #expect(CRC32.composite(of: [0xCBF4_3926, 1]) == expected)
    }
}
