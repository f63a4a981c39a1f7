/// Random identifiers and keys from the system's random source.
enum RandomText {
    /// `count` random bytes.
    static func bytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// `bytes` random bytes as lowercase hex.
    static func hex(bytes count: Int) -> String {
        bytes(count).map { String(format: "%02x", $0) }.joined()
    }
}
