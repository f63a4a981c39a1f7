import Foundation

/// The two date forms S3 writes: ISO 8601 in XML (`2026-12-06T10:00:00.000Z`) and RFC 1123 in
/// `Last-Modified` (`Sun, 06 Dec 2026 10:00:00 GMT`).
enum S3Dates {
    /// An XML timestamp, with or without fractional seconds.
    static func iso8601(_ text: String) -> Date? {
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = fractional.date(from: text) { return date }
        return ISO8601DateFormatter().date(from: text)
    }

    /// An HTTP date header.
    static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}
