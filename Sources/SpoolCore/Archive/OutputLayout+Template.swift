import Foundation

extension OutputLayout {
    /// The yt-dlp output template (relative to the library) of one source's videos.
    public func template(sourceName: String) -> String {
        let folder = Self.folderName(sourceName)
        switch self {
        case .archive:
            return "\(folder)/videos/%(id)s/video.%(ext)s"
        case .mediaServer:
            return "\(folder)/Season %(upload_date>%Y|0000)s/\(folder) - %(upload_date>%Y-%m-%d|0000-00-00)s - %(title).150B [%(id)s].%(ext)s"
        case .custom(let template):
            return template
        }
    }

    /// The source name as one safe path component of a template: separators, control characters
    /// and leading dots or dashes replaced, `%` escaped for yt-dlp, at most 100 characters.
    public static func folderName(_ name: String) -> String {
        var cleaned = String(name.unicodeScalars.map { scalar -> Character in
            if scalar == "/" || scalar == "\\" || scalar.properties.generalCategory == .control { return "_" }
            return Character(scalar)
        }).trimmingCharacters(in: .whitespaces)
        while let first = cleaned.first, first == "." || first == "-" { cleaned.removeFirst() }
        if cleaned.isEmpty { cleaned = "source" }
        return String(cleaned.prefix(100)).replacingOccurrences(of: "%", with: "%%")
    }
}
