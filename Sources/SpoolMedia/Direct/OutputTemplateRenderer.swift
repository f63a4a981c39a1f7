import Foundation

/// Renders the part of yt-dlp's output-template language that a file's name needs, from a fixed set
/// of fields: `%(field)s`, alternatives `%(a,b)s`, defaults `%(field|text)s`, width and precision
/// (`%(title).180B`, `%(n)03d`) and `%%`. Missing fields read `NA`; string values are sanitized like
/// yt-dlp's (``FileNameSanitizer``).
///
/// Anything richer (arithmetic, dates `>`, replacements `&`, traversal `a.b`, other conversions)
/// renders as nil: the caller then leaves the job to yt-dlp, which understands it.
public struct OutputTemplateRenderer: Sendable {
    /// A field's value.
    public enum Value: Sendable, Hashable {
        /// A string (`title`, `ext`, `upload_date`).
        case text(String)
        /// A number (`filesize`, `timestamp`), for `%d` as well as `%s`.
        case number(Int64)
    }

    /// The fields, by name.
    public var fields: [String: Value]

    /// Creates a renderer over `fields`.
    public init(fields: [String: Value]) {
        self.fields = fields
    }

    /// The rendered template, or nil when it uses syntax this renderer does not know.
    public func render(_ template: String) -> String? {
        var output = ""
        var rest = Substring(template)
        while let percent = rest.firstIndex(of: "%") {
            output += rest[..<percent]
            rest = rest[rest.index(after: percent)...]
            if rest.first == "%" {
                output.append("%")
                rest = rest.dropFirst()
                continue
            }
            guard rest.first == "(", let close = rest.firstIndex(of: ")") else { return nil }
            let key = rest[rest.index(after: rest.startIndex)..<close]
            rest = rest[rest.index(after: close)...]
            guard let spec = FormatSpec(parsing: &rest), let value = format(key: key, spec: spec) else { return nil }
            output += value
        }
        output += rest
        return output
    }

    /// One `%(key)spec` replaced.
    private func format(key: Substring, spec: FormatSpec) -> String? {
        var names = key
        var fallback = "NA"
        if let bar = key.firstIndex(of: "|") {
            names = key[..<bar]
            fallback = String(key[key.index(after: bar)...])
        }
        let alternatives = names.split(separator: ",", omittingEmptySubsequences: false)
        guard !alternatives.isEmpty, alternatives.allSatisfy(Self.isFieldName) else { return nil }
        let value = alternatives.lazy.compactMap { fields[String($0)] }.first
        switch (spec.conversion, value) {
        case (_, nil):
            // yt-dlp formats a default as a plain `%s`: no width, no precision.
            return FileNameSanitizer.sanitize(fallback)
        case ("s", .text(let text)?):
            return spec.padded(spec.truncatedCharacters(FileNameSanitizer.sanitize(text)))
        case ("s", .number(let number)?):
            return spec.padded(spec.truncatedCharacters(FileNameSanitizer.sanitize(String(number))))
        case ("B", let value?):
            let text: String
            switch value {
            case .text(let string): text = string
            case .number(let number): text = String(number)
            }
            return FileNameSanitizer.sanitize(spec.padded(spec.truncatedBytes(text)))
        case ("d", .number(let number)?), ("i", .number(let number)?):
            return spec.integer(number)
        case ("d", .text(let text)?), ("i", .text(let text)?):
            guard let number = Double(text) else { return FileNameSanitizer.sanitize(fallback) }
            return spec.integer(Int64(number))
        default:
            return nil
        }
    }

    private static func isFieldName(_ name: Substring) -> Bool {
        guard let first = name.first, first == "_" || (first.isASCII && first.isLetter) else { return false }
        return name.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
    }

    /// The `[flags][width][.precision]conversion` after a key.
    struct FormatSpec {
        var leftAlign = false
        var zeroPad = false
        var width: Int?
        var precision: Int?
        var conversion: Character

        /// Reads a spec from the front of `rest`; nil when none is there.
        init?(parsing rest: inout Substring) {
            while let flag = rest.first, "#0-+ ".contains(flag) {
                if flag == "-" { leftAlign = true }
                if flag == "0" { zeroPad = true }
                if flag == "+" || flag == " " || flag == "#" { return nil }
                rest = rest.dropFirst()
            }
            let widthDigits = rest.prefix(while: { $0.isASCII && $0.isNumber })
            rest = rest.dropFirst(widthDigits.count)
            width = Int(widthDigits)
            if rest.first == "." {
                rest = rest.dropFirst()
                let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
                rest = rest.dropFirst(digits.count)
                precision = Int(digits) ?? 0
            }
            guard let conversion = rest.first, "sdiB".contains(conversion) else { return nil }
            rest = rest.dropFirst()
            self.conversion = conversion
        }

        func truncatedCharacters(_ text: String) -> String {
            precision.map { String(text.prefix($0)) } ?? text
        }

        /// At most `precision` UTF-8 bytes, never half a character (as yt-dlp's `B`).
        func truncatedBytes(_ text: String) -> String {
            guard let precision, text.utf8.count > precision else { return text }
            var result = ""
            var used = 0
            for character in text {
                let size = character.utf8.count
                if used + size > precision { break }
                result.append(character)
                used += size
            }
            return result
        }

        func padded(_ text: String) -> String {
            guard let width, text.count < width else { return text }
            let padding = String(repeating: " ", count: width - text.count)
            return leftAlign ? text + padding : padding + text
        }

        func integer(_ number: Int64) -> String {
            var digits = String(number.magnitude)
            if let precision, digits.count < precision { digits = String(repeating: "0", count: precision - digits.count) + digits }
            let sign = number < 0 ? "-" : ""
            guard let width, sign.count + digits.count < width else { return sign + digits }
            let missing = width - sign.count - digits.count
            if leftAlign { return sign + digits + String(repeating: " ", count: missing) }
            if zeroPad { return sign + String(repeating: "0", count: missing) + digits }
            return String(repeating: " ", count: missing) + sign + digits
        }
    }
}
