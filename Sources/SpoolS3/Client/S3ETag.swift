/// Reading an ETag: S3 quotes them, and a multipart object's ends in `-<number of parts>`.
public enum S3ETag {
    /// The ETag without surrounding quotes (and without a weak `W/` prefix).
    public static func unquoted(_ etag: String) -> String {
        var text = Substring(etag)
        if text.hasPrefix("W/") { text = text.dropFirst(2) }
        if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") { text = text.dropFirst().dropLast() }
        return String(text)
    }

    /// The number of parts a multipart object was completed from (`…-3` → 3); nil for a single-PUT object.
    public static func partCount(_ etag: String) -> Int? {
        let text = unquoted(etag)
        guard let dash = text.lastIndex(of: "-"), let count = Int(text[text.index(after: dash)...]), count > 0 else { return nil }
        return count
    }
}
