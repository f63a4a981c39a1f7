/// How an archived video's side files are arranged, read from the video's output template.
///
/// - ``videoFolder``: the video has a folder of its own, its file name a fixed word
///   (`<Source>/videos/%(id)s/video.%(ext)s`, seed 004): `video.info.json`, `thumbnail.jpg`,
///   `subtitles/<lang>.vtt`, `video.nfo` in that folder.
/// - ``besideVideo``: the video shares its folder with others (the media-server layout
///   `<Source>/Season 2024/<Source> - 2024-05-01 - Title [id].mkv`): each side file takes the video's
///   name with its own ending (`….info.json`, `….jpg`, `….en.vtt`, `….nfo`), as Kodi and Jellyfin expect.
public enum SideFileLayout: Sendable, Hashable {
    /// The video's folder is its own; side files have fixed names in it.
    case videoFolder
    /// Side files sit beside the video under its name.
    case besideVideo

    /// The layout of videos written with `template`: ``videoFolder`` when the file name is a fixed
    /// word followed by `.%(ext)s`, else ``besideVideo``.
    public init(template: String) {
        let fileName = Self.lastComponent(of: template)
        let ext = ".%(ext)s"
        guard fileName.hasSuffix(ext) else {
            self = .besideVideo
            return
        }
        let stem = fileName.dropLast(ext.count)
        self = !stem.isEmpty && !stem.contains("%") ? .videoFolder : .besideVideo
    }

    /// The template (relative, like `videoTemplate`) yt-dlp writes the thumbnail with; yt-dlp puts
    /// the image's own extension in place of the video's.
    public func thumbnailTemplate(videoTemplate: String) -> String {
        switch self {
        case .videoFolder: Self.folder(of: videoTemplate) + "thumbnail.%(ext)s"
        case .besideVideo: videoTemplate
        }
    }

    /// The template yt-dlp writes subtitles with (it adds `.<lang>.<format>`): in the video folder
    /// layout they go to `subtitles/<video name>.<lang>.vtt`, renamed to `subtitles/<lang>.vtt` on
    /// the way into the library (yt-dlp always keeps a name before the language).
    public func subtitleTemplate(videoTemplate: String) -> String {
        switch self {
        case .videoFolder: Self.folder(of: videoTemplate) + Self.subtitleFolder + "/" + Self.lastComponent(of: videoTemplate)
        case .besideVideo: videoTemplate
        }
    }

    /// The template yt-dlp writes the info JSON with (it adds `.info.json` to the video's name).
    public func infoJSONTemplate(videoTemplate: String) -> String {
        videoTemplate
    }

    /// The folder below the video's folder that holds subtitles in the ``videoFolder`` layout.
    public static let subtitleFolder = "subtitles"

    /// The source's own folder (library-relative) for a video stored at `videoRelativePath` with
    /// `template`: the first component, when the template starts with the source's folder name
    /// (as both of ``OutputLayout``'s built-in layouts do); nil when it does not.
    public static func showFolder(template: String, showName: String, videoRelativePath: String) -> String? {
        let components = videoRelativePath.split(separator: "/")
        guard components.count >= 2, template.hasPrefix(OutputLayout.folderName(showName) + "/") else { return nil }
        return String(components[0])
    }

    /// `a/b/` for `a/b/c`; empty for a template without folders.
    private static func folder(of template: String) -> String {
        guard let slash = template.lastIndex(of: "/") else { return "" }
        return String(template[...slash])
    }

    private static func lastComponent(of template: String) -> String {
        template.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? template
    }
}
