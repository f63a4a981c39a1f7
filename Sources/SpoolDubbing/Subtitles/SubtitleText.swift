/// Turns a cue's raw payload into plain speakable text.
///
/// Removes markup (`<i>`, `<c.colour>`, `<v Name>`, inline `<00:00:01.234>` timestamps, ASS `{\an8}`
/// overrides), decodes HTML entities, drops sound labels (`[Music]`, `♪`), and joins lines with spaces.
enum SubtitleText {
    /// The plain text of `lines`, whitespace collapsed; empty when nothing speakable is left.
    static func plain(_ lines: [Substring]) -> String {
        let joined = lines.map { decodeEntities(stripMarkup($0)) }.joined(separator: " ")
        return collapseWhitespace(removeSoundLabels(joined))
    }

    /// `text` without `<…>` tags and `{\…}` override blocks.
    static func stripMarkup(_ text: Substring) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "<", let close = text[index...].firstIndex(of: ">") {
                index = text.index(after: close)
                continue
            }
            if character == "{", text[index...].dropFirst().first == "\\", let close = text[index...].firstIndex(of: "}") {
                index = text.index(after: close)
                continue
            }
            result.append(character)
            index = text.index(after: index)
        }
        return result
    }

    /// `text` with `&amp;`, `&lt;`, `&nbsp;`, `&#39;`, `&#x2014;` … replaced by their characters.
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var rest = text[...]
        while let ampersand = rest.firstIndex(of: "&") {
            result += rest[..<ampersand]
            let candidate = rest[ampersand...].prefix(12)
            if let semicolon = candidate.firstIndex(of: ";"),
               let decoded = entity(rest[rest.index(after: ampersand)..<semicolon]) {
                result.append(decoded)
                rest = rest[rest.index(after: semicolon)...]
            } else {
                result.append("&")
                rest = rest[rest.index(after: ampersand)...]
            }
        }
        return result + rest
    }

    private static let namedEntities: [Substring: Character] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ",
        "lrm": "\u{200E}", "rlm": "\u{200F}", "hellip": "…", "mdash": "—", "ndash": "–",
        "laquo": "«", "raquo": "»", "rsquo": "’", "lsquo": "‘", "rdquo": "”", "ldquo": "“",
    ]

    private static func entity(_ name: Substring) -> Character? {
        if let named = namedEntities[name] { return named }
        guard name.first == "#" else { return nil }
        let digits = name.dropFirst()
        let value: UInt32?
        if digits.first == "x" || digits.first == "X" {
            value = UInt32(digits.dropFirst(), radix: 16)
        } else {
            value = UInt32(digits, radix: 10)
        }
        return value.flatMap(Unicode.Scalar.init).map(Character.init)
    }

    /// `text` without `[Music]`-style labels and music notes, which a voice should not read out.
    static func removeSoundLabels(_ text: String) -> String {
        var result = ""
        var rest = text[...]
        while let character = rest.first {
            if character == "[", let close = rest.firstIndex(of: "]") {
                rest = rest[rest.index(after: close)...]
                continue
            }
            if !["♪", "♫", "\u{200E}", "\u{200F}"].contains(character) {
                result.append(character)
            }
            rest = rest.dropFirst()
        }
        return result
    }

    /// Runs of whitespace as one space, trimmed.
    static func collapseWhitespace(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
