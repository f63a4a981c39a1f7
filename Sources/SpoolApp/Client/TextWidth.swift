/// Display-width arithmetic for aligning columns in a terminal (wide East Asian characters and
/// emoji take two cells, combining marks none).
public enum TextWidth {
    /// Cells the text occupies in a terminal.
    public static func of(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + cells($1) }
    }

    /// The text cut to at most `width` cells, ending in `…` when cut.
    public static func truncate(_ text: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        guard of(text) > width else { return text }
        var result = ""
        var used = 0
        for character in text {
            let cells = of(String(character))
            if used + cells > width - 1 { break }
            result.append(character)
            used += cells
        }
        return result + "…"
    }

    /// The text padded with spaces to `width` cells, on the right (`left` alignment) or the left.
    public static func pad(_ text: String, to width: Int, alignLeft: Bool = true) -> String {
        let fill = String(repeating: " ", count: max(0, width - of(text)))
        return alignLeft ? text + fill : fill + text
    }

    /// Cells of one scalar.
    /// `rows` as lines of columns, each padded to its widest cell and two spaces apart, without
    /// trailing spaces.
    public static func columns(_ rows: [[String]]) -> [String] {
        let count = rows.map(\.count).max() ?? 0
        let widths = (0..<count).map { column in rows.map { column < $0.count ? of($0[column]) : 0 }.max() ?? 0 }
        return rows.map { row in
            var line = zip(row, widths).map { pad($0, to: $1) }.joined(separator: "  ")
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }

    private static func cells(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value == 0 || (0x0300...0x036F).contains(value) || (0x200B...0x200F).contains(value) || value == 0xFE0F { return 0 }
        if value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }
        let wide: [ClosedRange<UInt32>] = [
            0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
            0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD,
        ]
        return wide.contains { $0.contains(value) } ? 2 : 1
    }
}
