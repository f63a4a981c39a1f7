import Foundation

/// A `multipart/form-data` body (RFC 7578): text fields and file parts.
struct MultipartForm: Sendable {
    /// One part.
    enum Part: Sendable {
        case field(name: String, value: String)
        case file(name: String, filename: String, contentType: String, data: Data)
    }

    /// The separator; random, so it never occurs in a part.
    let boundary = "spool-" + UUID().uuidString
    /// The parts in order.
    var parts: [Part] = []

    /// `multipart/form-data; boundary=…`.
    var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    /// Adds a text field.
    mutating func add(_ name: String, _ value: String) {
        parts.append(.field(name: name, value: value))
    }

    /// Adds a file.
    mutating func addFile(_ name: String, filename: String, contentType: String, data: Data) {
        parts.append(.file(name: name, filename: filename, contentType: contentType, data: data))
    }

    /// The encoded body.
    func encoded() -> Data {
        var body = Data()
        for part in parts {
            body.append(Data("--\(boundary)\r\n".utf8))
            switch part {
            case .field(let name, let value):
                body.append(Data("Content-Disposition: form-data; name=\"\(Self.quoted(name))\"\r\n\r\n\(value)\r\n".utf8))
            case .file(let name, let filename, let contentType, let data):
                body.append(Data("Content-Disposition: form-data; name=\"\(Self.quoted(name))\"; filename=\"\(Self.quoted(filename))\"\r\n".utf8))
                body.append(Data("Content-Type: \(contentType)\r\n\r\n".utf8))
                body.append(data)
                body.append(Data("\r\n".utf8))
            }
        }
        body.append(Data("--\(boundary)--\r\n".utf8))
        return body
    }

    /// A name safe inside a quoted header parameter.
    private static func quoted(_ text: String) -> String {
        text.replacingOccurrences(of: "\"", with: "%22").replacingOccurrences(of: "\r", with: "").replacingOccurrences(of: "\n", with: "")
    }
}
