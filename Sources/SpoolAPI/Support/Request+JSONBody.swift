import Foundation
import Hummingbird
import NIOCore
import SpoolAPIModels
import SpoolCore

extension Request {
    /// Reads at most `limit` bytes of body and decodes it as JSON.
    ///
    /// A declared or actual body over the limit is `413 payload_too_large` (the rest is never
    /// buffered); syntax errors are `malformed_json`; wrong member types are `invalid_input`.
    /// Errors the type's decoder throws itself (`unknown_field`, …) pass through unchanged.
    func decodeJSON<Value: Decodable>(_ type: Value.Type, limit: Int) async throws -> Value {
        if let declared = headers[.contentLength].flatMap(Int.init), declared > limit {
            throw Self.tooLarge(limit)
        }
        let buffer: ByteBuffer
        do {
            buffer = try await body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw Self.tooLarge(limit)
        }
        guard buffer.readableBytes > 0 else {
            throw SpoolError(.malformedJSON, "the request body must be a JSON object")
        }
        do {
            return try SpoolJSON.makeDecoder().decode(Value.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw Self.spoolError(for: error)
        }
    }

    private static func tooLarge(_ limit: Int) -> SpoolError {
        SpoolError(.payloadTooLarge, "request bodies are limited to \(limit) bytes")
    }

    /// A safe message for a decoding failure, naming the member but never echoing values.
    private static func spoolError(for error: DecodingError) -> SpoolError {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return SpoolError(.malformedJSON, "the request body is not valid JSON")
        case .typeMismatch(_, let context) where context.codingPath.isEmpty:
            return SpoolError(.malformedJSON, "the request body must be a JSON object")
        case .typeMismatch(let type, let context):
            return SpoolError(.invalidInput, "\(path(context)) must be of type \(Self.jsonType(type))")
        case .valueNotFound(_, let context):
            return SpoolError(.invalidInput, "\(path(context)) must not be null")
        case .keyNotFound(let key, let context):
            let prefix = path(context)
            return SpoolError(.invalidInput, "\(prefix.isEmpty ? "" : prefix + ".")\(key.stringValue) is required")
        case .dataCorrupted(let context):
            return SpoolError(.invalidInput, "\(path(context)) has an invalid value")
        @unknown default:
            return SpoolError(.malformedJSON, "the request body could not be read")
        }
    }

    private static func jsonType(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "string"
        case is Bool.Type: "boolean"
        case is Int.Type, is Int64.Type, is Double.Type: "number"
        case is [String].Type: "array of strings"
        default: "\(type)".hasPrefix("Array") ? "array" : "object"
        }
    }
}
