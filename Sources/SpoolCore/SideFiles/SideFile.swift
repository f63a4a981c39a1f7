/// A file a download wrote beside its video that goes into the library with it: the info.json,
/// the thumbnail, a subtitle, the episode NFO.
public struct SideFile: Sendable, Hashable {
    /// What the file is.
    public enum Kind: Sendable, Hashable {
        /// yt-dlp's metadata.
        case infoJSON
        /// The video's thumbnail image.
        case thumbnail
        /// A subtitle in `language` (as the site tags it: `en`, `pt-BR`).
        case subtitles(language: String)
        /// A Kodi/Jellyfin episode NFO.
        case nfo
        /// The processed video kept beside the original (`Talk [x].720p-hevc.mkv`).
        case processed
    }

    /// Where the file goes, relative to the stored video.
    public enum Name: Sendable, Hashable {
        /// The video's file name without its extension, then `suffix` (`.info.json`, `.en.vtt`,
        /// `.jpg`, `.nfo`): the name follows the video when the library renames it (` (1)`).
        case besideVideo(suffix: String)
        /// A fixed path below the video's folder (`thumbnail.jpg`, `subtitles/en.vtt`).
        case inVideoFolder(String)

        /// The path below the video's folder for a video stored as `videoName` (a file name).
        public func relativePath(forVideoNamed videoName: String) -> String {
            switch self {
            case .besideVideo(let suffix):
                return Self.stem(of: videoName) + suffix
            case .inVideoFolder(let path):
                return path
            }
        }

        /// `name` without its last extension (`Talk [x].mkv` → `Talk [x]`).
        public static func stem(of name: String) -> String {
            guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
            return String(name[..<dot])
        }
    }

    /// What the file is.
    public var kind: Kind
    /// Absolute path of the file in the job's work folder.
    public var path: String
    /// Where it goes, relative to the stored video.
    public var name: Name

    /// Creates a side file.
    public init(kind: Kind, path: String, name: Name) {
        self.kind = kind
        self.path = path
        self.name = name
    }
}
