import Foundation
import SpoolCore

/// The names yt-dlp's generic extractor gives a plain media file (`id` and `title` from the URL's
/// last path segment, extractor `generic`), with two additions: the server's suggested name
/// (`Content-Disposition`) wins for the title, and the extension follows the media type. Renders the
/// job's output template over these fields so the file lands where a yt-dlp download would.
public struct DirectFileName: Sendable, Hashable {
    /// yt-dlp's id for the URL: its last segment without the extension, percent-decoded.
    public var id: String
    /// The title: the suggested name, else the URL path's last segment, without the extension.
    public var title: String
    /// The file's extension (`mp4`).
    public var ext: String
    /// `Last-Modified` as seconds since 1970, if the server sent it.
    public var timestamp: Int64?
    /// The page URL (the job's URL).
    public var url: String
    /// The file's length.
    public var length: Int64
    /// The media type's subtype (yt-dlp's format id: `mp4` for `video/mp4`).
    public var formatID: String

    /// The names for `file`; nil when it has no media extension (not a media file after all).
    public init?(file: DirectFile) {
        let nameURL = file.redirectedURL ?? file.url
        let pathName = Self.urlBasename(nameURL)
        let nameExtension = file.suggestedName.flatMap(MediaFileType.pathExtension(of:)) ?? MediaFileType.pathExtension(of: pathName)
        guard let ext = MediaFileType.fileExtension(mediaType: file.mediaType, nameExtension: nameExtension) else { return nil }
        self.ext = ext
        self.url = file.url
        self.length = file.length
        self.formatID = String(file.mediaType.split(separator: "/").last ?? "unknown")
        self.id = Self.genericID(nameURL)
        let suggested = file.suggestedName.map(Self.removingExtension).flatMap { $0.isEmpty ? nil : $0 }
        let fromPath = Self.removingExtension(pathName).removingPercentEncoding ?? Self.removingExtension(pathName)
        self.title = suggested ?? (fromPath.isEmpty ? id : fromPath)
        self.timestamp = file.lastModified.flatMap(Self.httpDate)
    }

    /// The upload date yt-dlp derives from the timestamp, `YYYYMMDD` in UTC.
    public var uploadDate: String? {
        timestamp.map { timestamp in
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyyMMdd"
            return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(timestamp)))
        }
    }

    /// The output-template fields a yt-dlp download of the same URL would have known.
    public var fields: [String: OutputTemplateRenderer.Value] {
        var fields: [String: OutputTemplateRenderer.Value] = [
            "id": .text(id), "display_id": .text(id), "title": .text(title), "fulltitle": .text(title), "ext": .text(ext),
            "extractor": .text("generic"), "extractor_key": .text("Generic"), "webpage_url": .text(url), "original_url": .text(url),
            "webpage_url_basename": .text(Self.urlBasename(url)), "format_id": .text(formatID), "format": .text("\(formatID) - unknown"),
            "filesize": .number(length), "epoch": .number(Int64(Date().timeIntervalSince1970)),
        ]
        if let host = URL(string: url)?.host { fields["webpage_url_domain"] = .text(host.hasPrefix("www.") ? String(host.dropFirst(4)) : host) }
        if let timestamp { fields["timestamp"] = .number(timestamp) }
        if let uploadDate { fields["upload_date"] = .text(uploadDate) }
        return fields
    }

    /// What the file's names tell about the media, for the library's records.
    public var metadata: SourceMetadata {
        SourceMetadata(title: title, filesize: length, extractor: "generic", sourceID: id, webpageURL: url, uploadDate: uploadDate)
    }

    /// `template` rendered over ``fields``: a relative path, or nil when the template needs yt-dlp or
    /// the result would not be a clean relative path.
    public func relativePath(template: String) -> String? {
        guard (try? OutputTemplateGuard.validate(template)) != nil,
              let rendered = OutputTemplateRenderer(fields: fields).render(template)
        else { return nil }
        let components = rendered.split(separator: "/", omittingEmptySubsequences: false)
        guard !rendered.hasPrefix("/"), components.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else { return nil }
        return rendered
    }

    /// yt-dlp's `_generic_id`: the URL's last `/` segment (query and all) without its extension, decoded.
    static func genericID(_ url: String) -> String {
        var trimmed = Substring(url)
        while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        let last = String(trimmed.split(separator: "/", omittingEmptySubsequences: false).last ?? "")
        let stem = removingExtension(last)
        return stem.removingPercentEncoding ?? stem
    }

    /// yt-dlp's `url_basename`: the last segment of the URL's path.
    static func urlBasename(_ url: String) -> String {
        let path = URLComponents(string: url)?.percentEncodedPath ?? ""
        return path.split(separator: "/").last.map(String.init) ?? ""
    }

    /// Python's `os.path.splitext(name)[0]`: without the last extension; leading dots do not count.
    static func removingExtension(_ name: String) -> String {
        guard let dot = name.lastIndex(of: "."), name[..<dot].contains(where: { $0 != "." }) else { return name }
        return String(name[..<dot])
    }

    /// Seconds since 1970 of an HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`).
    static func httpDate(_ text: String) -> Int64? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text.trimmingCharacters(in: .whitespaces)) { return Int64(date.timeIntervalSince1970) }
        }
        return nil
    }
}
