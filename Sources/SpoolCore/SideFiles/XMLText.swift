/// Text made safe for an XML 1.0 document.
public enum XMLText {
    /// `text` with `& < > " '` escaped (safe in element content and in quoted attributes) and the
    /// characters XML 1.0 forbids (controls other than tab, line feed and carriage return; U+FFFE,
    /// U+FFFF) left out.
    public static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            case "\t", "\n", "\r": escaped.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// The declaration every NFO starts with.
    public static let declaration = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#

    /// `  <name attributes>escaped value</name>` (attribute values escaped too).
    static func element(_ name: String, _ value: String, attributes: [(String, String)] = [], indent: String = "  ") -> String {
        let attributeText = attributes.map { " \($0.0)=\"\(escape($0.1))\"" }.joined()
        return "\(indent)<\(name)\(attributeText)>\(escape(value))</\(name)>"
    }
}
