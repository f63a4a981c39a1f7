import Foundation

/// The file name in a `Content-Disposition` header (RFC 6266): `filename*=UTF-8''…` (RFC 8187)
/// wins over `filename="…"`.
public enum ContentDisposition {
    /// The suggested file name's last path component, or nil when the header has none (or only an
    /// empty one, `.` or `..`).
    public static func fileName(in header: String) -> String? {
        var plain: String?
        var extended: String?
        for parameter in parameters(of: header) {
            switch parameter.name {
            case "filename*": extended = decodeExtended(parameter.value)
            case "filename": plain = parameter.value
            default: break
            }
        }
        guard let name = extended ?? plain else { return nil }
        // Never a path: keep the last component of either separator.
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let trimmed = last.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty || trimmed == "." || trimmed == ".." ? nil : trimmed
    }

    /// `name=value` pairs after the disposition type; quoted strings unquoted, names lowercased.
    static func parameters(of header: String) -> [(name: String, value: String)] {
        var result: [(String, String)] = []
        var characters = Substring(header)
        // Skip the disposition type (`attachment`, `inline`).
        guard let semicolon = characters.firstIndex(of: ";") else { return [] }
        characters = characters[characters.index(after: semicolon)...]
        while !characters.isEmpty {
            characters = characters.drop(while: { $0 == " " || $0 == "\t" || $0 == ";" })
            guard let equals = characters.firstIndex(of: "=") else { break }
            let name = characters[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            characters = characters[characters.index(after: equals)...].drop(while: { $0 == " " || $0 == "\t" })
            var value = ""
            if characters.first == "\"" {
                characters = characters.dropFirst()
                var escaped = false
                while let next = characters.first {
                    characters = characters.dropFirst()
                    if escaped { value.append(next); escaped = false } else if next == "\\" { escaped = true } else if next == "\"" { break } else { value.append(next) }
                }
                characters = characters.drop(while: { $0 != ";" })
            } else {
                let end = characters.firstIndex(of: ";") ?? characters.endIndex
                value = characters[..<end].trimmingCharacters(in: .whitespaces)
                characters = characters[end...]
            }
            result.append((name, value))
        }
        return result
    }

    /// Decodes `charset'language'percent-encoded` (UTF-8 or ISO-8859-1).
    static func decodeExtended(_ value: String) -> String? {
        let parts = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        let charset = parts[0].lowercased()
        var bytes: [UInt8] = []
        var iterator = parts[2].utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next(), let low = iterator.next(),
                      let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
                else { return nil }
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        switch charset {
        case "utf-8": return String(validating: bytes, as: UTF8.self)
        case "iso-8859-1": return String(bytes.map { Character(Unicode.Scalar($0)) })
        default: return nil
        }
    }
}
