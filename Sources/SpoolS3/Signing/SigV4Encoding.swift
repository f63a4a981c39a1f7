/// The percent-encoding SigV4 requires: every byte of the UTF-8 form except the RFC 3986 unreserved
/// characters (`A–Z a–z 0–9 - . _ ~`) becomes `%XY` with uppercase hex. S3 encodes each path
/// segment once (no double encoding, no `.`/`..` normalisation) and keeps `/` between segments.
enum SigV4Encoding {
    private static let upperDigits = Array("0123456789ABCDEF".utf8)

    /// `text` percent-encoded; `/` kept as is when `keepingSlashes`.
    static func encode(_ text: String, keepingSlashes: Bool) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if isUnreserved(byte) || (keepingSlashes && byte == UInt8(ascii: "/")) {
                output.append(byte)
            } else {
                output.append(UInt8(ascii: "%"))
                output.append(upperDigits[Int(byte >> 4)])
                output.append(upperDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Names and values encoded, pairs sorted by encoded name then encoded value (byte order),
    /// written `name=value` and joined with `&`.
    static func canonicalQuery(_ query: [(name: String, value: String)]) -> String {
        query
            .map { (encode($0.name, keepingSlashes: false), encode($0.value, keepingSlashes: false)) }
            .sorted { left, right in
                left.0 == right.0 ? precedes(left.1, right.1) : precedes(left.0, right.0)
            }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    /// Byte-order comparison of the UTF-8 forms.
    static func precedes(_ left: String, _ right: String) -> Bool {
        left.utf8.lexicographicallyPrecedes(right.utf8)
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }
}
