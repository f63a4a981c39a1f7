import Foundation

/// The `Content-Disposition` of a served file: `inline` to play it, `attachment` to save it, its
/// name in RFC 5987 form (`filename*=UTF-8''…`), so any name survives the header.
public enum ContentDisposition {
    /// `inline; filename*=UTF-8''<name>` or `attachment; …`.
    public static func value(fileName: String, attachment: Bool) -> String {
        (attachment ? "attachment" : "inline") + "; filename*=UTF-8''" + percentEncoded(fileName)
    }

    /// `name` with everything but RFC 3986's unreserved characters percent-encoded.
    public static func percentEncoded(_ name: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return name.addingPercentEncoding(withAllowedCharacters: allowed) ?? "file"
    }
}
