/// Splits a byte stream into UTF-8 lines at LF (a trailing CR is dropped).
///
/// Only LF separates: yt-dlp's JSON lines may carry U+2028 or NEL inside file names. A line longer
/// than `maxLineLength` is cut there (the rest up to its LF is dropped) instead of failing the run.
struct LineSplitter: Sendable {
    /// The longest line kept, in bytes.
    let maxLineLength: Int
    private var pending: [UInt8] = []
    private var isDiscarding = false

    /// Creates a splitter.
    init(maxLineLength: Int = 256 * 1024) {
        self.maxLineLength = maxLineLength
    }

    /// Feeds bytes; returns the lines they complete.
    mutating func push(_ bytes: some Sequence<UInt8>) -> [String] {
        var lines: [String] = []
        for byte in bytes {
            if byte == 0x0A {
                lines.append(Self.decode(pending))
                pending.removeAll(keepingCapacity: true)
                isDiscarding = false
            } else if pending.count < maxLineLength {
                pending.append(byte)
            } else {
                isDiscarding = true
            }
        }
        return lines
    }

    /// The unterminated last line at end of stream, if any.
    mutating func finish() -> String? {
        defer { pending.removeAll() }
        return pending.isEmpty ? nil : Self.decode(pending)
    }

    private static func decode(_ bytes: [UInt8]) -> String {
        let line = bytes.last == 0x0D ? bytes.dropLast() : bytes[...]
        return String(decoding: line, as: UTF8.self)
    }
}
