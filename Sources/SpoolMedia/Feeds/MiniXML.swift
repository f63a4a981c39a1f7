/// A small, strict-enough XML reader for feeds: elements with namespace-resolved names,
/// attributes and text, built without recursion. Spool links statically and does not want libxml2
/// (FoundationXML), and a feed needs none of XML's heavier parts.
///
/// Read: elements, attributes (`"` or `'` quoted), text and CDATA, the five predefined entities and
/// numeric character references, `xmlns` / `xmlns:p` declarations. Skipped: the XML declaration,
/// processing instructions, comments and the DOCTYPE — whose entity declarations are never expanded
/// (an unknown `&name;` stays as written), so a hostile feed cannot blow up. Rejected with a
/// ``ParseError`` naming the line: a tag left open or closed out of order, a second root element,
/// text outside the root, an unterminated tag, comment or CDATA section, nesting deeper than 256.
enum MiniXML {
    /// One element: its names, attributes, direct text and child elements.
    struct Element: Sendable, Hashable {
        /// The name as written, e.g. `yt:videoId`.
        var qualifiedName: String
        /// The namespace URI its prefix (or the default namespace) stands for; nil when none.
        var namespace: String?
        /// The name without its prefix, e.g. `videoId`.
        var localName: String
        /// Attributes by name as written (entities decoded).
        var attributes: [String: String]
        /// Its own text and CDATA, concatenated (entities decoded; child elements' text excluded).
        var text: String
        /// Child elements in document order.
        var children: [Element]

        /// The children named `localName` in `namespace`.
        func children(_ localName: String, in namespace: String) -> [Element] {
            children.filter { $0.localName == localName && $0.namespace == namespace }
        }

        /// The first child named `localName` in `namespace`.
        func child(_ localName: String, in namespace: String) -> Element? {
            children.first { $0.localName == localName && $0.namespace == namespace }
        }
    }

    /// Why a document could not be read.
    struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        /// What is wrong.
        var reason: String
        /// The 1-based line it was found on.
        var line: Int

        /// `malformed XML on line 3: <entry> is never closed`.
        var description: String { "malformed XML on line \(line): \(reason)" }
    }

    /// The deepest nesting read.
    static let maxDepth = 256

    /// Parses a whole document and returns its root element.
    static func parse(_ text: String) throws(ParseError) -> Element {
        var reader = Reader(bytes: Array(text.utf8))
        return try reader.document()
    }
}

extension MiniXML {
    /// The parsing state: the bytes, a position, and the open elements.
    private struct Reader {
        let bytes: [UInt8]
        var index = 0
        var open: [(element: Element, declarations: [String: String])] = []
        var root: Element?

        init(bytes: [UInt8]) {
            self.bytes = bytes
            // A UTF-8 byte order mark is not content.
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        }

        mutating func document() throws(ParseError) -> Element {
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "<") {
                    try markup()
                } else {
                    let start = index
                    while index < bytes.count, bytes[index] != UInt8(ascii: "<") { index += 1 }
                    try text(MiniXML.decodeEntities(bytes[start..<index]), at: start)
                }
            }
            if let unclosed = open.last {
                throw error("<\(unclosed.element.qualifiedName)> is never closed", at: bytes.count)
            }
            guard let root else { throw error("the document has no root element", at: bytes.count) }
            return root
        }

        /// Something starting with `<`.
        private mutating func markup() throws(ParseError) {
            let start = index
            if matches("<?") {
                index = try position(after: "?>", from: start, what: "processing instruction")
            } else if matches("<!--") {
                index = try position(after: "-->", from: start + 4, what: "comment")
            } else if matches("<![CDATA[") {
                let end = try position(after: "]]>", from: start + 9, what: "CDATA section")
                try text(String(decoding: bytes[(start + 9)..<(end - 3)], as: UTF8.self), at: start, isCDATA: true)
                index = end
            } else if matches("<!") {
                try skipDeclaration()
            } else if matches("</") {
                try endTag()
            } else {
                try startTag()
            }
        }

        private mutating func text(_ content: String, at position: Int, isCDATA: Bool = false) throws(ParseError) {
            if open.isEmpty {
                guard !isCDATA, content.allSatisfy(\.isWhitespace) else {
                    throw error("text outside the root element", at: position)
                }
                return
            }
            open[open.count - 1].element.text += content
        }

        private mutating func startTag() throws(ParseError) {
            let start = index
            index += 1
            let name = try readName(at: start)
            var attributes: [String: String] = [:]
            var selfClosing = false
            while true {
                skipWhitespace()
                guard index < bytes.count else { throw error("<\(name) is never finished", at: start) }
                if bytes[index] == UInt8(ascii: ">") {
                    index += 1
                    break
                }
                if matches("/>") {
                    index += 2
                    selfClosing = true
                    break
                }
                let attributeName = try readName(at: start)
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else {
                    throw error("attribute \(attributeName) of <\(name)> has no value", at: index)
                }
                index += 1
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else {
                    throw error("attribute \(attributeName) of <\(name)> is not quoted", at: index)
                }
                let quote = bytes[index]
                let valueStart = index + 1
                guard let valueEnd = bytes[valueStart...].firstIndex(of: quote) else {
                    throw error("attribute \(attributeName) of <\(name)> is never closed", at: start)
                }
                attributes[attributeName] = MiniXML.decodeEntities(bytes[valueStart..<valueEnd])
                index = valueEnd + 1
            }
            guard root == nil else { throw error("a second root element <\(name)>", at: start) }
            guard open.count < MiniXML.maxDepth else { throw error("elements nested deeper than \(MiniXML.maxDepth)", at: start) }

            var declarations: [String: String] = [:]
            for (key, value) in attributes {
                if key == "xmlns" {
                    declarations[""] = value
                } else if key.hasPrefix("xmlns:") {
                    declarations[String(key.dropFirst(6))] = value
                }
            }
            let (prefix, localName) = MiniXML.split(name)
            let namespace = declarations[prefix] ?? open.reversed().lazy.compactMap { $0.declarations[prefix] }.first
            let element = Element(
                qualifiedName: name, namespace: namespace?.isEmpty == true ? nil : namespace, localName: localName,
                attributes: attributes, text: "", children: []
            )
            open.append((element, declarations))
            if selfClosing { close() }
        }

        private mutating func endTag() throws(ParseError) {
            let start = index
            index += 2
            let name = try readName(at: start)
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ">") else { throw error("</\(name) is never finished", at: start) }
            index += 1
            guard let top = open.last else { throw error("</\(name)> closes nothing", at: start) }
            guard top.element.qualifiedName == name else {
                throw error("</\(name)> closes <\(top.element.qualifiedName)>", at: start)
            }
            close()
        }

        /// Ends the innermost open element: it joins its parent, or becomes the root.
        private mutating func close() {
            let element = open.removeLast().element
            if open.isEmpty {
                root = element
            } else {
                open[open.count - 1].element.children.append(element)
            }
        }

        /// Skips `<!DOCTYPE …>` with its internal subset `[…]`, declaring nothing.
        private mutating func skipDeclaration() throws(ParseError) {
            let start = index
            var depth = 0
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "]"): depth -= 1
                case UInt8(ascii: ">") where depth <= 0:
                    index += 1
                    return
                default: break
                }
                index += 1
            }
            throw error("a <! declaration is never closed", at: start)
        }

        private mutating func readName(at tagStart: Int) throws(ParseError) -> String {
            let start = index
            while index < bytes.count, !MiniXML.endsName(bytes[index]) { index += 1 }
            guard index > start else { throw error("a tag or attribute without a name", at: tagStart) }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }

        private mutating func skipWhitespace() {
            while index < bytes.count, MiniXML.isWhitespace(bytes[index]) { index += 1 }
        }

        private func matches(_ literal: StaticString) -> Bool {
            literal.withUTF8Buffer { pattern in
                index + pattern.count <= bytes.count && bytes[index..<(index + pattern.count)].elementsEqual(pattern)
            }
        }

        /// The index just after the next `terminator` at or after `from`.
        private func position(after terminator: StaticString, from: Int, what: String) throws(ParseError) -> Int {
            let pattern = terminator.withUTF8Buffer { Array($0) }
            var candidate = from
            while candidate + pattern.count <= bytes.count {
                if bytes[candidate] == pattern[0], bytes[candidate..<(candidate + pattern.count)].elementsEqual(pattern) {
                    return candidate + pattern.count
                }
                candidate += 1
            }
            throw error("a \(what) is never closed", at: index)
        }

        private func error(_ reason: String, at position: Int) -> ParseError {
            let end = min(position, bytes.count)
            return ParseError(reason: reason, line: 1 + bytes[..<end].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) })
        }
    }

    /// `prefix:local` → (`prefix`, `local`); no colon → (`""`, name).
    static func split(_ name: String) -> (prefix: String, localName: String) {
        guard let colon = name.firstIndex(of: ":") else { return ("", name) }
        return (String(name[..<colon]), String(name[name.index(after: colon)...]))
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    static func endsName(_ byte: UInt8) -> Bool {
        isWhitespace(byte) || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "=")
            || byte == UInt8(ascii: "<") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
    }
}
