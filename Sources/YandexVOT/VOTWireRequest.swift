import Foundation
import NIOHTTP1

/// One request as Yandex would receive it: method, path, headers and body (spec §2).
///
/// In worker-proxy mode the same request travels inside a JSON envelope (spec §9); ``workerEnvelope()``
/// builds it.
struct VOTWireRequest: Sendable {
    /// What the body is.
    enum Body: Sendable {
        /// Raw protobuf bytes.
        case protobuf([UInt8])
        /// A JSON document (`fail-audio-js`).
        case json(String)
    }

    var method: HTTPMethod
    var path: String
    var headers: [(String, String)]
    var body: Body

    /// The headers every call carries (vot.js' node build: no Origin, Referer or Sec-Fetch-*).
    static func defaultHeaders(userAgent: String, contentType: String) -> [(String, String)] {
        [
            ("User-Agent", userAgent),
            ("Accept", "application/x-protobuf"),
            ("Accept-Language", "en"),
            ("Content-Type", contentType),
            ("Pragma", "no-cache"),
            ("Cache-Control", "no-cache"),
        ]
    }

    /// The body bytes as sent directly.
    var bodyBytes: [UInt8] {
        switch body {
        case .protobuf(let bytes): bytes
        case .json(let text): Array(text.utf8)
        }
    }

    /// The vot-worker envelope: `{"headers": {…}, "body": [bytes…]}` (a string body for JSON calls).
    func workerEnvelope() throws -> [UInt8] {
        let envelope = Envelope(headers: Dictionary(headers, uniquingKeysWith: { _, last in last }), body: body)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(envelope))
    }

    /// The outer headers of a worker request: the same, but a JSON content type.
    func workerHeaders() -> [(String, String)] {
        var outer = headers.filter { $0.0 == "User-Agent" || $0.0 == "Accept-Language" || $0.0 == "Pragma" || $0.0 == "Cache-Control" }
        outer.append(("Content-Type", "application/json"))
        if case .json = body {
            outer.append(("Accept", "application/json"))
        } else {
            outer.append(("Accept", "application/x-protobuf"))
        }
        return outer
    }

    private struct Envelope: Encodable {
        var headers: [String: String]
        var body: Body

        enum CodingKeys: String, CodingKey { case headers, body }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(headers, forKey: .headers)
            switch body {
            case .protobuf(let bytes): try container.encode(bytes, forKey: .body)
            case .json(let text): try container.encode(text, forKey: .body)
            }
        }
    }
}
