/// Reads subtitle times: `HH:MM:SS,mmm` (SRT), `HH:MM:SS.mmm` or `MM:SS.mmm` (WebVTT).
enum SubtitleTimestamp {
    /// Seconds for `text`, or nil when it is not a timestamp.
    static func seconds(_ text: Substring) -> Double? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, let last = parts.last else { return nil }
        let fraction = last.split(omittingEmptySubsequences: false) { $0 == "," || $0 == "." }
        guard fraction.count <= 2, let seconds = wholeNumber(fraction[0]), seconds < 60 else { return nil }
        var total = Double(seconds)
        if fraction.count == 2 {
            let digits = fraction[1]
            guard !digits.isEmpty, digits.count <= 3, let value = wholeNumber(digits) else { return nil }
            total += Double(value) / pow10(digits.count)
        }
        guard let minutes = wholeNumber(parts[parts.count - 2]) else { return nil }
        if parts.count == 3 {
            guard minutes < 60, let hours = wholeNumber(parts[0]) else { return nil }
            total += Double(hours) * 3600
        }
        return total + Double(minutes) * 60
    }

    /// The start and end of a cue timing line (`start --> end [settings]`), or nil.
    static func timing(_ line: Substring) -> (start: Double, end: Double)? {
        guard let arrow = line.range(of: "-->") else { return nil }
        let left = line[..<arrow.lowerBound].trimmingWhitespace()
        let right = line[arrow.upperBound...].trimmingWhitespace()
        let endField = right.prefix { !$0.isWhitespace }
        guard let start = seconds(left), let end = seconds(endField) else { return nil }
        return (start, end)
    }

    private static func wholeNumber(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.count <= 9, text.allSatisfy(\.isASCIIDigit) else { return nil }
        return Int(text)
    }

    private static func pow10(_ exponent: Int) -> Double {
        (0..<exponent).reduce(1.0) { value, _ in value * 10 }
    }
}

extension Character {
    /// `0`…`9` only.
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension Substring {
    /// The text without leading and trailing whitespace.
    func trimmingWhitespace() -> Substring {
        guard let first = firstIndex(where: { !$0.isWhitespace }), let last = lastIndex(where: { !$0.isWhitespace }) else {
            return self[endIndex...]
        }
        return self[first...last]
    }
}
