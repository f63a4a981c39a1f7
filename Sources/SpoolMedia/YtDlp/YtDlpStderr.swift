import SpoolCore

/// What yt-dlp wrote to stderr: its `ERROR:` lines, the exception of a Python traceback (how yt-dlp
/// reports a format it cannot parse) and a bounded tail, read line by line.
public struct YtDlpStderr: Sendable, Hashable {
    /// The last line that started with `ERROR:`, without that prefix.
    public var errorLine: String? { errorLines.last }
    /// The most recent `ERROR:` lines (at most ``errorLineLimit``), oldest first, without the prefix.
    public private(set) var errorLines: [String] = []
    /// The last exception line of a traceback (`SyntaxError: Invalid format specification: …`),
    /// without the exception's type.
    public private(set) var exceptionLine: String?
    /// The end of stderr (at most 4 KiB).
    public private(set) var tail: OutputTail
    private var inTraceback = false

    /// How many `ERROR:` lines are kept.
    public static let errorLineLimit = 8

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
        let line = Substring(line.hasSuffix("\r") ? String(line.dropLast()) : String(line))
        if line.hasPrefix("ERROR:") {
            errorLines.append(String(line.dropFirst("ERROR:".count).drop { $0 == " " }))
            if errorLines.count > Self.errorLineLimit { errorLines.removeFirst() }
            inTraceback = false
        } else if line.hasPrefix("Traceback (most recent call last):") {
            inTraceback = true
        } else if inTraceback, let exception = Self.exceptionMessage(line) {
            exceptionLine = exception
        }
    }

    /// The best one-line explanation: the meaningful `ERROR:` line (one naming a known cause, else
    /// the last), else a traceback's exception, else the last line that says something (never a
    /// caret line pointing into an echoed expression), else nil.
    public var message: String? {
        if let line = errorLines.last(where: { DownloadFailureClassifier.code(for: $0) != nil }) ?? errorLine {
            return line
        }
        if let exceptionLine { return exceptionLine }
        return tail.text.split(separator: "\n").last(where: Self.saysSomething).map { String($0.trimmingCharacters(in: .whitespaces)) }
    }

    /// `Type: message` of an unindented traceback line (`yt_dlp.utils.DownloadError: …`), the message only.
    static func exceptionMessage(_ line: Substring) -> String? {
        guard let first = line.first, first.isLetter, let colon = line.firstIndex(of: ":") else { return nil }
        let type = line[..<colon]
        guard type.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" }),
              type.hasSuffix("Error") || type.hasSuffix("Exception")
        else { return nil }
        let message = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        return message.isEmpty ? nil : message
    }

    /// Whether a line carries words, not just whitespace and a `^~` marker under an echoed expression.
    static func saysSomething(_ line: Substring) -> Bool {
        line.contains { !$0.isWhitespace && $0 != "^" && $0 != "~" }
    }
}
