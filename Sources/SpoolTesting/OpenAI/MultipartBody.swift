import Foundation

/// A parsed `multipart/form-data` body (what the mock server needs: text fields and file sizes).
struct MultipartBody {
    /// Text fields by name.
    var fields: [String: String] = [:]
    /// File parts by field name.
    var files: [String: MockFormFile] = [:]

    /// Parses `body`; nil when `contentType` is not multipart/form-data with a boundary.
    init?(contentType: String, body: Data) {
        guard contentType.lowercased().hasPrefix("multipart/form-data"),
              let boundary = Self.parameter("boundary", in: contentType) else { return nil }
        let bytes = [UInt8](body)
        let delimiter = Array("--\(boundary)".utf8)
        var parts: [ArraySlice<UInt8>] = []
        var start: Int?
        var index = 0
        while let found = Self.find(delimiter, in: bytes, from: index) {
            if let start { parts.append(bytes[start..<max(start, found - 2)]) }  // drop the CRLF before it
            index = found + delimiter.count
            if bytes[index...].starts(with: Array("--".utf8)) { break }
            index += 2  // CRLF after the delimiter
            start = index
        }
        for part in parts {
            guard let split = Self.find(Array("\r\n\r\n".utf8), in: Array(part), from: 0) else { continue }
            let headerText = String(decoding: part.prefix(split), as: UTF8.self)
            let content = part.dropFirst(split + 4)
            var disposition = "", type: String?
            for line in headerText.components(separatedBy: "\r\n") {
                let lowered = line.lowercased()
                if lowered.hasPrefix("content-disposition:") { disposition = line }
                if lowered.hasPrefix("content-type:") { type = String(line.dropFirst(13)).trimmingCharacters(in: .whitespaces) }
            }
            guard let name = Self.parameter("name", in: disposition) else { continue }
            if let filename = Self.parameter("filename", in: disposition) {
                files[name] = MockFormFile(filename: filename, contentType: type, byteCount: content.count)
            } else {
                fields[name] = String(decoding: content, as: UTF8.self)
            }
        }
    }

    /// A `key=value` or `key="value"` parameter of a header value.
    static func parameter(_ key: String, in header: String) -> String? {
        for piece in header.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == key else { continue }
            return pair[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return nil
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard needle.count <= haystack.count, start <= haystack.count - needle.count else { return nil }
        for index in start...(haystack.count - needle.count) where haystack[index] == needle[0] {
            if haystack[index..<index + needle.count].elementsEqual(needle) { return index }
        }
        return nil
    }
}
