/// The last lines of a tool's output, bounded in bytes (for error reports).
public struct OutputTail: Sendable, Hashable {
    /// The most UTF-8 bytes kept, newlines included.
    public let limit: Int
    private var lines: [String] = []
    private var byteCount = 0

    /// Creates an empty tail that keeps at most `limit` bytes (4 KiB by default).
    public init(limit: Int = 4096) {
        self.limit = max(limit, 1)
    }

    /// Creates a tail holding the end of `text`.
    public init(_ text: some StringProtocol, limit: Int = 4096) {
        self.init(limit: limit)
        for line in text.split(separator: "\n") {
            append(line)
        }
    }

    /// Adds one line (without its newline), dropping the oldest lines beyond the limit.
    public mutating func append(_ line: some StringProtocol) {
        var line = String(line)
        if line.hasSuffix("\r") { line.removeLast() }
        if line.utf8.count > limit {
            var bytes = line.utf8.suffix(limit)
            while let first = bytes.first, first & 0xC0 == 0x80 {
                bytes = bytes.dropFirst()  // never start inside a multi-byte character
            }
            line = String(decoding: bytes, as: UTF8.self)
        }
        lines.append(line)
        byteCount += line.utf8.count + 1
        while byteCount - 1 > limit, lines.count > 1 {
            byteCount -= lines.removeFirst().utf8.count + 1
        }
    }

    /// The kept lines joined with newlines.
    public var text: String { lines.joined(separator: "\n") }

    /// Whether nothing has been kept.
    public var isEmpty: Bool { lines.isEmpty }

    /// The last non-blank kept line.
    public var lastLine: String? {
        lines.last { !$0.allSatisfy(\.isWhitespace) }
    }
}
