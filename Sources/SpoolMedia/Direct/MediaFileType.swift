import SpoolCore

/// The media types of plain video and audio files and their usual file extensions: what makes a
/// URL a direct file, and which extension its file gets.
public enum MediaFileType {
    /// Extension → media type, for the containers a plain media URL serves.
    static var types: [String: String] { FileContentType.media }

    /// Media type → the extension its files get (the first of several, e.g. `video/mp4` → `mp4`).
    static let extensions: [String: String] = [
        "video/mp4": "mp4", "video/x-matroska": "mkv", "video/webm": "webm", "video/quicktime": "mov", "video/x-msvideo": "avi",
        "video/avi": "avi", "video/x-flv": "flv", "video/mp2t": "ts", "video/mpeg": "mpg", "video/ogg": "ogv", "video/3gpp": "3gp",
        "video/x-ms-wmv": "wmv", "audio/mp4": "m4a", "audio/x-m4a": "m4a", "audio/mpeg": "mp3", "audio/mp3": "mp3", "audio/aac": "aac",
        "audio/ogg": "ogg", "audio/opus": "opus", "audio/flac": "flac", "audio/x-flac": "flac", "audio/wav": "wav", "audio/x-wav": "wav",
        "audio/wave": "wav", "audio/webm": "weba", "audio/x-matroska": "mka",
    ]

    /// Types that name a playlist or manifest rather than a file (yt-dlp reads those).
    static let manifests: Set<String> = [
        "application/vnd.apple.mpegurl", "application/x-mpegurl", "audio/mpegurl", "audio/x-mpegurl", "application/dash+xml", "video/vnd.mpeg.dash.mpd",
    ]

    /// `Content-Type` without parameters, trimmed and lowercased: `video/mp4; codecs=…` → `video/mp4`.
    public static func essence(of contentType: String) -> String {
        let type = contentType.split(separator: ";", maxSplits: 1).first.map(String.init) ?? contentType
        return type.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// The lowercased extension of a file name or URL path, if it has one (`clip.MP4` → `mp4`).
    public static func pathExtension(of name: String) -> String? {
        let last = name.split(separator: "/").last.map(String.init) ?? name
        guard let dot = last.lastIndex(of: "."), dot != last.startIndex else { return nil }
        let ext = last[last.index(after: dot)...].lowercased()
        return ext.isEmpty ? nil : ext
    }

    /// Whether `ext` is a video or audio file extension.
    public static func isMediaExtension(_ ext: String) -> Bool {
        types[ext.lowercased()] != nil
    }

    /// The file extension for a file served as `mediaType` whose name (the suggested name, else the
    /// URL's path) ends in `nameExtension`, or nil when it is not a media file.
    ///
    /// A name whose extension belongs to the served type keeps it (`clip.m4v` as `video/mp4`);
    /// otherwise the type decides (`video/webm` → `webm`). `application/octet-stream` and
    /// `binary/octet-stream` count only with a media extension in the name.
    public static func fileExtension(mediaType: String, nameExtension: String?) -> String? {
        let name = nameExtension?.lowercased()
        if mediaType == "application/octet-stream" || mediaType == "binary/octet-stream" {
            return name.flatMap { isMediaExtension($0) ? $0 : nil }
        }
        guard isMedia(mediaType) else { return nil }
        if let name, types[name] == mediaType || (types[name] != nil && extensions[mediaType] == nil) { return name }
        if let known = extensions[mediaType] { return known }
        // An unusual video/* or audio/* subtype: the name's media extension, else none.
        return name.flatMap { isMediaExtension($0) ? $0 : nil }
    }

    /// Whether the type is a video or audio type and not a playlist.
    static func isMedia(_ mediaType: String) -> Bool {
        (mediaType.hasPrefix("video/") || mediaType.hasPrefix("audio/")) && !manifests.contains(mediaType)
    }
}
