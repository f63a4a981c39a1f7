/// Which of the files a download left beside its video go into the library, and under which names
/// (pure: the stage lists the folders, the storage moves the files).
///
/// yt-dlp writes side files with the templates of ``SideFileLayout``. The info.json is always
/// written (Spool reads the site's metadata from it, and the episode NFO is made from that); it is
/// kept only when ``ArchiveFiles/writeInfoJSON`` asks for it. Subtitles fetched only for a
/// voice-over engine stay in the work folder for the dub stage.
public struct SideFilePlan: Sendable, Hashable {
    /// Where side files go.
    public var layout: SideFileLayout
    /// Which side files are wanted.
    public var archive: ArchiveFiles
    /// Subtitle languages the user asked for.
    public var subtitleLanguages: [String]
    /// A language fetched only for the voice-over, unless it is also in ``subtitleLanguages``.
    public var voiceOverLanguage: String?

    /// Image formats a thumbnail comes in.
    public static let thumbnailExtensions: Set<String> = ["jpg", "jpeg", "png", "webp", "gif", "avif"]
    /// Subtitle formats yt-dlp writes.
    public static let subtitleExtensions: Set<String> = ["vtt", "srt", "ass", "ssa", "ttml", "dfxp", "lrc", "sbv", "srv1", "srv2", "srv3", "json3"]

    /// Creates a plan.
    public init(layout: SideFileLayout, archive: ArchiveFiles, subtitleLanguages: [String] = [], voiceOverLanguage: String? = nil) {
        self.layout = layout
        self.archive = archive
        self.subtitleLanguages = subtitleLanguages
        self.voiceOverLanguage = voiceOverLanguage
    }

    /// The plan of an archived download; nil for a one-off job (no ``MediaDownloadRequest/archive``).
    public init?(request: MediaDownloadRequest) {
        guard let archive = request.archive else { return nil }
        self.init(
            layout: SideFileLayout(template: request.outputTemplate), archive: archive,
            subtitleLanguages: request.subtitleLanguages, voiceOverLanguage: request.voiceOverSubtitleLanguage
        )
    }

    /// The folder (in the work folder) that holds subtitles of `video`: its own folder, or its
    /// `subtitles/` folder in the video folder layout.
    public func subtitleFolder(of video: String) -> String {
        let folder = Self.folder(of: video)
        return layout == .videoFolder ? folder + "/" + SideFileLayout.subtitleFolder : folder
    }

    /// The side files to keep, from the `names` in `video`'s folder and the `subtitleNames` in its
    /// ``subtitleFolder(of:)`` (the same list in the beside-the-video layout), sorted by name.
    public func sideFiles(of video: String, names: [String], subtitleNames: [String]) -> [SideFile] {
        let folder = Self.folder(of: video)
        let videoName = String(video.dropFirst(folder.count + 1))
        let stem = SideFile.Name.stem(of: videoName)
        var kept: [SideFile] = []
        for name in names.sorted() where name != videoName {
            let path = folder + "/" + name
            if name == stem + ".info.json" {
                if archive.writeInfoJSON { kept.append(SideFile(kind: .infoJSON, path: path, name: .besideVideo(suffix: ".info.json"))) }
            } else if let image = thumbnailExtension(of: name, stem: stem) {
                if archive.writeThumbnail { kept.append(SideFile(kind: .thumbnail, path: path, name: thumbnailName(image))) }
            }
        }
        let subtitleFolder = subtitleFolder(of: video)
        for name in subtitleNames.sorted() {
            guard let (language, ext) = Self.subtitle(name, stem: stem), keeps(language) else { continue }
            let destination: SideFile.Name = layout == .videoFolder
                ? .inVideoFolder(SideFileLayout.subtitleFolder + "/\(language).\(ext)")
                : .besideVideo(suffix: ".\(language).\(ext)")
            kept.append(SideFile(kind: .subtitles(language: language), path: subtitleFolder + "/" + name, name: destination))
        }
        return kept
    }

    /// Whether a subtitle in `language` is kept: asked for, or not fetched only for the voice-over.
    public func keeps(_ language: String) -> Bool {
        if subtitleLanguages.contains(language) { return true }
        guard let voice = voiceOverLanguage else { return true }
        return language != voice && !language.hasPrefix(voice + "-")
    }

    /// The image extension when `name` is the thumbnail: `thumbnail.<ext>` in the video folder
    /// layout, `<stem>.<ext>` beside the video.
    private func thumbnailExtension(of name: String, stem: String) -> String? {
        let prefix = layout == .videoFolder ? "thumbnail." : stem + "."
        guard name.hasPrefix(prefix) else { return nil }
        let ext = String(name.dropFirst(prefix.count))
        return Self.thumbnailExtensions.contains(ext.lowercased()) ? ext : nil
    }

    private func thumbnailName(_ ext: String) -> SideFile.Name {
        layout == .videoFolder ? .inVideoFolder("thumbnail.\(ext)") : .besideVideo(suffix: ".\(ext)")
    }

    /// `(language, format)` when `name` is `<stem>.<language>.<format>` with a subtitle format.
    static func subtitle(_ name: String, stem: String) -> (language: String, ext: String)? {
        guard name.hasPrefix(stem + ".") else { return nil }
        let parts = name.dropFirst(stem.count + 1).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, subtitleExtensions.contains(parts[1].lowercased()) else { return nil }
        return (String(parts[0]), String(parts[1]))
    }

    private static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }
}
