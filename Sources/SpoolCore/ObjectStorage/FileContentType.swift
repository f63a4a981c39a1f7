/// The media type a stored file is served and uploaded with, by its extension: the video and
/// audio containers, and the side files kept beside a video (thumbnails, subtitles, NFO, info.json).
public enum FileContentType {
    /// Extension → media type of the video and audio containers.
    public static let media: [String: String] = [
        "mp4": "video/mp4", "m4v": "video/mp4", "mkv": "video/x-matroska", "webm": "video/webm", "mov": "video/quicktime",
        "avi": "video/x-msvideo", "flv": "video/x-flv", "ts": "video/mp2t", "mpg": "video/mpeg", "mpeg": "video/mpeg",
        "ogv": "video/ogg", "3gp": "video/3gpp", "wmv": "video/x-ms-wmv",
        "m4a": "audio/mp4", "mp3": "audio/mpeg", "aac": "audio/aac", "ogg": "audio/ogg", "oga": "audio/ogg", "opus": "audio/opus",
        "flac": "audio/flac", "wav": "audio/wav", "weba": "audio/webm", "mka": "audio/x-matroska",
    ]

    /// Extension → media type of side files.
    static let sideFiles: [String: String] = [
        "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp",
        "srt": "application/x-subrip", "vtt": "text/vtt", "ass": "text/x-ssa", "ssa": "text/x-ssa", "lrc": "text/plain",
        "nfo": "text/xml", "json": "application/json", "txt": "text/plain",
    ]

    /// The media type of a file named `name`; `application/octet-stream` when the extension is unknown.
    public static func of(_ name: String) -> String {
        let last = name.split(separator: "/").last.map(String.init) ?? name
        guard let dot = last.lastIndex(of: "."), dot != last.startIndex else { return "application/octet-stream" }
        let ext = last[last.index(after: dot)...].lowercased()
        return media[ext] ?? sideFiles[ext] ?? "application/octet-stream"
    }
}
