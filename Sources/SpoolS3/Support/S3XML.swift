/// A small reader for the XML documents S3 answers with (listings, upload ids, errors): elements by
/// local name (namespace prefixes dropped), their text with entities decoded, and their children.
/// Attributes, comments, processing instructions and DOCTYPEs are skipped; entity declarations are
/// never expanded. Spool links statically and leaves libxml2 (FoundationXML) out.
///
/// (SpoolMedia has a namespace-aware reader for feeds; this one stays inside SpoolS3 so that the
/// module imports nothing of Spool, and S3's documents need less.)
struct S3XMLElement: Sendable, Hashable {
    /// The name without its prefix: `ListBucketResult`.
    var name: String
    /// The element's own text and CDATA, entities decoded (children's text excluded).
    var text: String
    /// Child elements in document order.
    var children: [S3XMLElement]

    /// The first child named `name`.
    func child(_ name: String) -> S3XMLElement? {
        children.first { $0.name == name }
    }

    /// Every child named `name`.
    func children(_ name: String) -> [S3XMLElement] {
        children.filter { $0.name == name }
    }

    /// The text of the first child named `name`.
    func text(of name: String) -> String? {
        child(name)?.text
    }

    /// Parses a whole document and returns its root element.
    /// - Throws: ``S3Error/Code/invalidResponse`` naming what is wrong.
    static func parse(_ bytes: [UInt8]) throws(S3Error) -> S3XMLElement {
        var reader = S3XMLReader(bytes: bytes)
        return try reader.document()
    }
}

/// The parsing state behind ``S3XMLElement/parse(_:)``: the bytes, a position, the open elements.
private struct S3XMLReader {
    let bytes: [UInt8]
    var index = 0
    var open: [S3XMLElement] = []
    var root: S3XMLElement?

    init(bytes: [UInt8]) {
        self.bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
    }

    mutating func document() throws(S3Error) -> S3XMLElement {
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "<") {
                try markup()
            } else {
                let start = index
                while index < bytes.count, bytes[index] != UInt8(ascii: "<") { index += 1 }
                appendText(Self.decodeEntities(bytes[start..<index]))
            }
        }
        if let unclosed = open.last { throw Self.failure("<\(unclosed.name)> is never closed") }
        guard let root else { throw Self.failure("the document has no root element") }
        return root
    }

    private mutating func markup() throws(S3Error) {
        if matches("<?") {
            index = try position(after: "?>")
        } else if matches("<!--") {
            index = try position(after: "-->")
        } else if matches("<![CDATA[") {
            let start = index + 9
            index = try position(after: "]]>")
            appendText(String(decoding: bytes[start..<(index - 3)], as: UTF8.self))
        } else if matches("<!") {
            index = try position(after: ">")
        } else if matches("</") {
            index += 2
            let name = readName()
            index = try position(after: ">")
            guard let element = open.popLast(), element.name == name else {
                throw Self.failure("</\(name)> closes nothing open")
            }
            close(element)
        } else {
            index += 1
            let name = readName()
            guard !name.isEmpty else { throw Self.failure("a tag without a name") }
            var selfClosing = false
            // Attributes are skipped; a quoted value may hold `>`.
            while true {
                guard index < bytes.count else { throw Self.failure("<\(name) is never finished") }
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    guard let end = bytes[(index + 1)...].firstIndex(of: byte) else { throw Self.failure("an attribute of <\(name)> is never closed") }
                    index = end + 1
                } else if byte == UInt8(ascii: ">") {
                    selfClosing = index > 0 && bytes[index - 1] == UInt8(ascii: "/")
                    index += 1
                    break
                } else {
                    index += 1
                }
            }
            guard root == nil else { throw Self.failure("a second root element <\(name)>") }
            guard open.count < 64 else { throw Self.failure("elements nested deeper than 64") }
            let element = S3XMLElement(name: name, text: "", children: [])
            if selfClosing { close(element) } else { open.append(element) }
        }
    }

    private mutating func close(_ element: S3XMLElement) {
        if open.isEmpty {
            root = element
        } else {
            open[open.count - 1].children.append(element)
        }
    }

    private mutating func appendText(_ text: String) {
        guard !open.isEmpty else { return }
        open[open.count - 1].text += text
    }

    /// Reads a name up to whitespace, `/` or `>`; returns it without its prefix.
    private mutating func readName() -> String {
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: " ")
                || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { break }
            index += 1
        }
        let qualified = bytes[start..<index]
        let local = qualified.lastIndex(of: UInt8(ascii: ":")).map { qualified[($0 + 1)...] } ?? qualified
        return String(decoding: local, as: UTF8.self)
    }

    private func matches(_ literal: StaticString) -> Bool {
        literal.withUTF8Buffer { pattern in
            index + pattern.count <= bytes.count && bytes[index..<(index + pattern.count)].elementsEqual(pattern)
        }
    }

    /// The index just after the next `terminator` at or after the current position.
    private func position(after terminator: StaticString) throws(S3Error) -> Int {
        let pattern = terminator.withUTF8Buffer { Array($0) }
        var candidate = index
        while candidate + pattern.count <= bytes.count {
            if bytes[candidate] == pattern[0], bytes[candidate..<(candidate + pattern.count)].elementsEqual(pattern) {
                return candidate + pattern.count
            }
            candidate += 1
        }
        throw Self.failure("markup is never closed (expected \(terminator))")
    }

    private static func failure(_ reason: String) -> S3Error {
        S3Error(code: .invalidResponse, message: "malformed XML from S3: \(reason)")
    }

    /// The five predefined entities and numeric references decoded; anything else kept as written.
    static func decodeEntities(_ slice: ArraySlice<UInt8>) -> String {
        guard slice.contains(UInt8(ascii: "&")) else { return String(decoding: slice, as: UTF8.self) }
        var output: [UInt8] = []
        output.reserveCapacity(slice.count)
        var position = slice.startIndex
        while position < slice.endIndex {
            let byte = slice[position]
            guard byte == UInt8(ascii: "&"),
                let end = slice[position...].prefix(12).firstIndex(of: UInt8(ascii: ";"))
            else {
                output.append(byte)
                position += 1
                continue
            }
            let name = String(decoding: slice[(position + 1)..<end], as: UTF8.self)
            if let replacement = entity(name) {
                output.append(contentsOf: replacement.utf8)
                position = end + 1
            } else {
                output.append(byte)
                position += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func entity(_ name: String) -> String? {
        switch name {
        case "lt": return "<"
        case "gt": return ">"
        case "amp": return "&"
        case "quot": return "\""
        case "apos": return "'"
        default:
            guard name.hasPrefix("#") else { return nil }
            let digits = name.dropFirst()
            let value = digits.hasPrefix("x") || digits.hasPrefix("X") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            return value.flatMap(Unicode.Scalar.init).map { String(Character($0)) }
        }
    }
}
