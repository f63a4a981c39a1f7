/// Makes a template field's value safe as part of a file name, the way yt-dlp's default
/// `sanitize_filename` does, so a file downloaded without yt-dlp gets the name yt-dlp would give it.
///
/// `"*:<>?|` become their full-width look-alikes (`：`, `？`…), `/` and `\` become `⧸` and `⧹`, the
/// colons of times (`12:30`) become `_`, control characters go, and a line break becomes a space
/// (at most one in a row, none at either end).
public enum FileNameSanitizer {
    /// The sanitized value; `_` when nothing is left of a non-empty value.
    public static func sanitize(_ value: String) -> String {
        guard !value.isEmpty else { return "" }
        // A substitute is marked with a leading NUL, as in yt-dlp, so runs and ends can be trimmed.
        var marked: [Character] = []
        for character in replacingTimeColons(value) {
            switch character {
            case "\n":
                marked += ["\0", " "]
            case "/":
                marked.append("\u{29F8}")
            case "\\":
                marked.append("\u{29F9}")
            case "\"", "*", ":", "<", ">", "?", "|":
                let scalar = character.unicodeScalars.first!.value + 0xFEE0
                marked.append(Character(Unicode.Scalar(scalar)!))
            default:
                if let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1, scalar.value < 32 || scalar.value == 127 {
                    continue
                }
                marked.append(character)
            }
        }
        let collapsed = collapsingRepeatedSubstitutes(marked)
        let trimmed = trimmingSubstitutesAtEnds(collapsed)
        let result = String(trimmed.filter { $0 != "\0" })
        return result.isEmpty ? "_" : result
    }

    /// `12:30:05` → `12_30_05` (digits joined by colons), as yt-dlp does before anything else.
    static func replacingTimeColons(_ value: String) -> [Character] {
        var characters = Array(value)
        var index = 0
        while index < characters.count {
            guard characters[index].isASCIIDigit else { index += 1; continue }
            var end = index
            while end < characters.count, characters[end].isASCIIDigit { end += 1 }
            var groups = 0
            var cursor = end
            while cursor + 1 < characters.count, characters[cursor] == ":", characters[cursor + 1].isASCIIDigit {
                cursor += 1
                while cursor < characters.count, characters[cursor].isASCIIDigit { cursor += 1 }
                groups += 1
            }
            if groups > 0 {
                for position in index..<cursor where characters[position] == ":" { characters[position] = "_" }
            }
            index = max(cursor, index + 1)
        }
        return characters
    }

    /// Runs of the same NUL-marked substitute collapse into one.
    private static func collapsingRepeatedSubstitutes(_ characters: [Character]) -> [Character] {
        var result: [Character] = []
        var index = 0
        while index < characters.count {
            if characters[index] == "\0", index + 1 < characters.count {
                let pair = (characters[index], characters[index + 1])
                result += [pair.0, pair.1]
                index += 2
                while index + 1 < characters.count, characters[index] == pair.0, characters[index + 1] == pair.1 { index += 2 }
            } else {
                result.append(characters[index])
                index += 1
            }
        }
        return result
    }

    /// A substitute at the start (with spaces, `_` and `-` after it) or at the end (with those
    /// before it) goes.
    private static func trimmingSubstitutesAtEnds(_ characters: [Character]) -> [Character] {
        var characters = characters
        func isStrippable(_ index: Int) -> Bool { [" ", "_", "-"].contains(characters[index]) }
        if characters.count >= 2, characters[0] == "\0" {
            var end = 2
            while end < characters.count {
                if characters[end] == "\0", end + 1 < characters.count { end += 2 } else if isStrippable(end) { end += 1 } else { break }
            }
            characters.removeFirst(end)
        }
        if characters.count >= 2, characters[characters.count - 2] == "\0" {
            var start = characters.count - 2
            while start > 0 {
                if start >= 2, characters[start - 2] == "\0" { start -= 2 } else if isStrippable(start - 1) { start -= 1 } else { break }
            }
            characters.removeSubrange(start...)
        }
        return characters
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
