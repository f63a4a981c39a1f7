import Foundation
import SpoolAPIModels

/// JSON coding as the API speaks it: camelCase keys, ISO 8601 dates with fractional seconds (UTC).
public enum ClientJSON {
    /// A decoder that reads the API's dates with or without fractional seconds (``SpoolJSON``).
    public static func makeDecoder() -> JSONDecoder {
        SpoolJSON.makeDecoder()
    }

    /// An encoder that writes dates like the API (used for `--json` output of client-built values).
    public static func makeEncoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = SpoolJSON.makeEncoder()
        if pretty { encoder.outputFormatting.insert(.prettyPrinted) }
        return encoder
    }

    /// Parses `2026-11-22T10:43:00.123Z` or `2026-11-22T10:43:00Z`.
    public static func parseDate(_ text: String) -> Date? {
        SpoolJSON.parseDate(text)
    }

    /// Decodes `type` from an API body; a body that does not fit becomes a ``ClientError``.
    static func decode<Value: Decodable>(_ type: Value.Type, from data: Data) throws -> Value {
        do {
            return try makeDecoder().decode(type, from: data)
        } catch {
            throw ClientError(.general, "unexpected answer from the server (\(describe(error)))")
        }
    }

    /// Encodes a request body.
    static func encode(_ value: some Encodable) throws -> Data {
        try makeEncoder().encode(value)
    }

    /// Re-indents a JSON body for humans; returns it unchanged when it is not JSON.
    public static func prettyPrinted(_ data: Data) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]),
              let pretty = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed])
        else { return String(decoding: data, as: UTF8.self) }
        return String(decoding: pretty, as: UTF8.self)
    }

    /// A short description of a decoding error: the path and what was wrong.
    private static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return String(describing: error) }
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing \(path(context).isEmpty ? "" : path(context) + ".")\(key.stringValue)"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "bad value at \(path(context).isEmpty ? "top level" : path(context)): \(context.debugDescription)"
        @unknown default: return String(describing: error)
        }
    }
}
