import Foundation

/// JSON coding as the API speaks it: camelCase keys, ISO 8601 dates in UTC with fractional seconds.
///
/// The server encodes every body with ``makeEncoder()``; clients (the CLI) decode with
/// ``makeDecoder()``, which also accepts dates without fractional seconds.
public enum SpoolJSON {
    /// An encoder writing dates as `2026-01-31T12:00:00.123Z`, keys sorted, slashes unescaped.
    public static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(format(date))
        }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// A decoder reading ISO 8601 dates with or without fractional seconds.
    public static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = parseDate(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected an ISO 8601 date")
            }
            return date
        }
        return decoder
    }

    /// Formats a date the way the API writes it.
    public static func format(_ date: Date) -> String {
        withFractions.format(date)
    }

    /// Parses `2026-01-31T12:00:00.123Z` or `2026-01-31T12:00:00Z`.
    public static func parseDate(_ text: String) -> Date? {
        (try? withFractions.parse(text)) ?? (try? withoutFractions.parse(text))
    }

    private static let withFractions = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    private static let withoutFractions = Date.ISO8601FormatStyle()
}
