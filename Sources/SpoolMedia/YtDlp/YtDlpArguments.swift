import SpoolCore

/// Builds yt-dlp's argument vector for a ``YtDlpRequest``: pure, no I/O, never a shell.
///
/// The URL always comes last, after `--`, so it can never be read as an option. Values that come
/// from users use the `--option=value` form for the same reason.
public enum YtDlpArguments {
    /// Seconds yt-dlp waits on a silent socket before giving up.
    public static let socketTimeoutSeconds = 30

    /// One compact JSON object per progress hook call, on stdout. `|null` keeps missing fields valid JSON.
    public static let progressTemplate = "download:" + jsonObject([
        ("st", "progress.status"), ("b", "progress.downloaded_bytes"), ("tot", "progress.total_bytes"),
        ("est", "progress.total_bytes_estimate"), ("spd", "progress.speed"), ("eta", "progress.eta"),
        ("t", "progress.elapsed"), ("frag", "progress.fragment_index"), ("frags", "progress.fragment_count"),
    ])

    /// One JSON object when a post-processor starts or finishes (yt-dlp writes these to stderr).
    public static let postprocessTemplate = "postprocess:" + jsonObject([
        ("pp", "progress.postprocessor"), ("st", "progress.status"),
    ])

    /// The final file and its info JSON, printed once the file is in place. JSON, so any file name survives.
    public static let resultTemplate = "after_move:" + jsonObject([
        ("filepath", "filepath"), ("infojson", "infojson_filename"),
    ])

    /// The full argument vector (without the program name) for `request`, with `extraArguments`
    /// placed after Spool's own options and before `--`.
    ///
    /// - Throws: ``SpoolError`` `.invalidInput` when the work folder is not absolute, `.invalidTemplate`
    ///   when the output template could leave it.
    public static func make(for request: YtDlpRequest, extraArguments: [String] = []) throws(SpoolError) -> [String] {
        guard request.workDirectory.hasPrefix("/") else {
            throw SpoolError(.invalidInput, "the work directory must be an absolute path")
        }
        try OutputTemplateGuard.validate(request.outputTemplate)

        var arguments = [
            "--ignore-config",
            "--color", "never",
            "--newline", "--progress",
            "--progress-template", progressTemplate,
            "--progress-template", postprocessTemplate,
            "--print", resultTemplate,
            "--write-info-json",
            "--no-playlist",
            "--continue",
            "--socket-timeout", String(socketTimeoutSeconds),
            "-o", outputPath(for: request),
        ]
        arguments += formatArguments(for: request)
        arguments += try archiveArguments(for: request)
        if request.embedThumbnail {
            arguments.append("--embed-thumbnail")
        }
        if let rate = request.limitRate, !rate.isEmpty {
            arguments.append("--limit-rate=\(rate)")
        }
        if let sleep = request.sleepBefore, sleep.upperBound > 0 {
            arguments += ["--sleep-interval", Self.seconds(sleep.lowerBound), "--max-sleep-interval", Self.seconds(sleep.upperBound)]
        }
        arguments += extraArguments
        arguments += ["--", request.url]
        return arguments
    }

    /// Seconds as yt-dlp reads them (`5`, `7.5`).
    static func seconds(_ value: Double) -> String {
        value.rounded() == value ? String(Int(value)) : String(value)
    }

    /// `<workDirectory>/<outputTemplate>` with exactly one `/` between them.
    public static func outputPath(for request: YtDlpRequest) -> String {
        path(of: request.outputTemplate, in: request.workDirectory)
    }

    /// `<workDirectory>/<template>` with exactly one `/` between them.
    static func path(of template: String, in workDirectory: String) -> String {
        var directory = Substring(workDirectory)
        while directory.count > 1, directory.hasSuffix("/") {
            directory = directory.dropLast()
        }
        return directory == "/" ? "/" + template : "\(directory)/\(template)"
    }

    /// For a video of a followed source: the thumbnail as a JPEG file, SponsorBlock, and where each
    /// side file is written (``SideFileLayout``). Subtitles are in ``videoArguments(for:)``.
    ///
    /// - Throws: ``SpoolError`` `.invalidTemplate` when a side file's template could leave the work folder.
    static func archiveArguments(for request: YtDlpRequest) throws(SpoolError) -> [String] {
        guard let archive = request.archive else { return [] }
        var arguments: [String] = []
        if archive.writeThumbnail {
            arguments += ["--write-thumbnail", "--convert-thumbnails", "jpg"]
        }
        switch archive.sponsorBlock {
        case .mark?: arguments += ["--sponsorblock-mark", "all"]
        case .remove?: arguments += ["--sponsorblock-remove", "sponsor"]
        case nil: break
        }
        let layout = SideFileLayout(template: request.outputTemplate)
        let templates = [
            ("infojson", layout.infoJSONTemplate(videoTemplate: request.outputTemplate)),
            ("thumbnail", layout.thumbnailTemplate(videoTemplate: request.outputTemplate)),
            ("subtitle", layout.subtitleTemplate(videoTemplate: request.outputTemplate)),
        ]
        for (type, template) in templates {
            try OutputTemplateGuard.validate(template)
            arguments += ["-o", "\(type):" + path(of: template, in: request.workDirectory)]
        }
        return arguments
    }

    /// Format selection, then the container (audio extraction or video remux), then subtitles.
    static func formatArguments(for request: YtDlpRequest) -> [String] {
        guard let preset = FormatPreset(rawValue: request.format) else {
            return ["--format=\(request.format)"] + videoArguments(for: request)
        }
        var arguments = ["--format=\(preset.formatString)", "--format-sort=\(FormatPreset.formatSort)"]
        switch preset {
        case .audioMP3:
            arguments += ["--extract-audio", "--audio-format", "mp3"]
        case .audioM4A:
            arguments += ["--extract-audio", "--audio-format", "m4a"]
        case .best, .p2160, .p1080, .p720, .p480:
            arguments += videoArguments(for: request)
        }
        return arguments
    }

    /// Merge and remux into the requested container; fetch and embed subtitles.
    private static func videoArguments(for request: YtDlpRequest) -> [String] {
        let container = request.container.rawValue
        var arguments = ["--merge-output-format", container, "--remux-video", container]
        var languages = request.subtitleLanguages
        if let voice = request.voiceOverSubtitleLanguage {
            // The site may spell it `ru`, `ru-RU` or `ru-orig`; yt-dlp reads each entry as a regex.
            languages += [voice, "\(voice)-.*"].filter { !languages.contains($0) }
        }
        if !languages.isEmpty {
            // With --write-subs, --embed-subs keeps the subtitle files, which the dub stage reads and
            // an archived video keeps beside it (as WebVTT files, and embedded too).
            arguments.append("--write-subs")
            if request.archive.map({ $0.autoSubtitles || request.voiceOverSubtitleLanguage != nil }) ?? true {
                arguments.append("--write-auto-subs")
            }
            arguments += ["--sub-format=vtt/srt/best", "--sub-langs=\(languages.joined(separator: ","))"]
            if request.archive != nil, !request.subtitleLanguages.isEmpty { arguments += ["--convert-subs", "vtt"] }
            if !request.subtitleLanguages.isEmpty { arguments.append("--embed-subs") }
        }
        return arguments
    }

    /// `{"key":%(field|null)j,…}` in yt-dlp's output-template syntax.
    private static func jsonObject(_ fields: [(key: String, field: String)]) -> String {
        "{" + fields.map { "\"\($0.key)\":%(\($0.field)|null)j" }.joined(separator: ",") + "}"
    }
}
