/// What yt-dlp wrote to stderr: its last `ERROR:` line and a bounded tail, read line by line.
public struct YtDlpStderr: Sendable, Hashable {
    /// The last line that started with `ERROR:`, without that prefix.
    public private(set) var errorLine: String?
    /// The end of stderr (at most 4 KiB).
    public private(set) var tail: OutputTail

    /// Creates an empty record.
    public init(limit: Int = 4096) {
        tail = OutputTail(limit: limit)
    }

    /// Reads a whole captured stderr.
    public init(parsing text: some StringProtocol, limit: Int = 4096) {
        self.init(limit: limit)
        for line in text.split(separator: "\n") {
            consume(line)
        }
    }

    /// Records one line.
    public mutating func consume(_ line: some StringProtocol) {
        tail.append(line)
        if line.hasPrefix("ERROR:") {
            let message = line.dropFirst("ERROR:".count).drop { $0 == " " }
            errorLine = String(message.hasSuffix("\r") ? message.dropLast() : message)
        }
    }

    /// The best one-line explanation: the `ERROR:` line, else the last line (usage errors), else nil.
    public var message: String? {
        errorLine ?? tail.lastLine
    }
}
