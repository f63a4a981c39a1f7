import ArgumentParser
import Foundation
import SpoolAPIModels
import SpoolApp
import SpoolCore

/// `spool add URL…`: queues downloads.
struct Add: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Add download jobs for one or more URLs.",
        discussion: """
            Each URL becomes a job in the download queue (state QUEUED). Options apply to every URL.
            Examples:
              spool add https://example.com/watch?v=abc
              spool add --preset 720p --container mp4 --tag music URL1 URL2
              spool add --dub ru --subs en,ru --start URL
              spool add --dub ru --provider tts --dub-subs talk.ru.srt URL
              spool add --process 720p-hevc URL
              spool add --batch "Season 1" URL1 URL2 URL3
            """
    )

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: ArgumentHelp("Page or media URLs (http or https).", valueName: "url"))
    var urls: [String]

    @Option(help: ArgumentHelp(
        "Format: best, 2160p, 1080p, 720p, 480p, audio-m4a, audio-mp3, or a yt-dlp format string.",
        valueName: "preset"))
    var preset: String?

    @Option(help: "Container of the finished file (default: the server's, mkv).")
    var container: ContainerChoice?

    @Option(help: "Queue priority class (default: normal).")
    var priority: PriorityChoice?

    @Option(name: .customLong("tag"), help: ArgumentHelp("Label the job (repeatable).", valueName: "tag"))
    var tags: [String] = []

    @Option(help: ArgumentHelp("Subtitle languages to embed, comma separated (e.g. en,ru).", valueName: "langs"))
    var subs: String?

    @Flag(help: "Embed the thumbnail.")
    var thumbnail = false

    @Option(help: ArgumentHelp(
        "Output template relative to the library, yt-dlp syntax (e.g. '%(uploader)s/%(title)s.%(ext)s').",
        valueName: "template"))
    var template: String?

    @Option(help: ArgumentHelp("Add a voice-over track in this language (ISO 639-1, e.g. ru).", valueName: "lang"))
    var dub: String?

    @Option(help: ArgumentHelp("Dubbing engine: yandex, tts or openai (default: the server's).", valueName: "provider"))
    var provider: String?

    @Option(name: .customLong("source-lang"), help: ArgumentHelp("Spoken language of the original, for dubbing (default: detected).", valueName: "lang"))
    var sourceLang: String?

    @Option(name: .customLong("dub-subs"), help: ArgumentHelp("A subtitle file (SRT or WebVTT) in the --dub language for the tts engine to speak.", valueName: "file"))
    var dubSubtitles: String?

    @Option(help: ArgumentHelp(
        "Transcode after the download with this processing profile (see `spool processing ls`).",
        valueName: "profile"))
    var process: String?

    @Option(help: ArgumentHelp(
        "Upload the finished file to this storage target, or keep it in the library with `local` (default: the server's STORAGE_TARGET).",
        valueName: "target"))
    var storage: String?

    @Option(help: ArgumentHelp(
        "Add the URLs as one batch of this name: checked together, queued in order as episodes 1, 2, … (see `spool batch`).",
        valueName: "name"))
    var batch: String?

    @Flag(help: "Start at once, ahead of the queue's concurrency limit.")
    var start = false

    @Flag(help: "Watch the new jobs until they finish (like `spool watch`).")
    var watch = false

    @Flag(name: .shortAndLong, help: "Print only the new job ids, one per line.")
    var quiet = false

    @Flag(help: "Print the created jobs as JSON.")
    var json = false

    func validate() throws {
        if provider != nil, dub == nil { throw ValidationError("--provider needs --dub LANG") }
        if sourceLang != nil, dub == nil { throw ValidationError("--source-lang needs --dub LANG") }
        if dubSubtitles != nil, dub == nil { throw ValidationError("--dub-subs needs --dub LANG") }
        if quiet, json { throw ValidationError("--quiet and --json cannot be combined") }
        if watch, json { throw ValidationError("--watch and --json cannot be combined") }
        if let subs, languages(subs).isEmpty { throw ValidationError("--subs needs at least one language, e.g. en,ru") }
    }

    func run() async throws {
        let subtitles = try dubSubtitles.map(Self.readSubtitles)
        try await connection.withClient { client in
            var created: [JobDTO] = []
            var ids: [String] = []
            if let batch {
                let shared = request(for: "", subtitles: subtitles)
                let added = try await client.createBatch(CreateBatchRequest(urls: urls, name: batch, options: shared))
                if !quiet, !json { CommandOutput.print(["Added batch \(HumanFormat.shortID(added.id.rawValue)) '\(batch)': \(added.total) jobs"]) }
                for item in added.items {
                    let id = item.jobId.rawValue
                    ids.append(id)
                    // The batch lists each job's state and URL; a job is read only for --json or changed by --start.
                    var job = json ? try await client.job(id).job : nil
                    if start { job = try await client.perform(.start, on: id) }
                    if let job { created.append(job) }
                    if quiet {
                        CommandOutput.print([id])
                    } else if !json {
                        let status = job?.status ?? item.status ?? .queued
                        CommandOutput.print(["  \(item.episode). \(HumanFormat.shortID(item.jobId))  \(status.rawValue)  \(item.url ?? "")"])
                    }
                }
            }
            try await CommandOutput.forEach(batch == nil ? urls : []) { url in
                var job = try await client.createJob(request(for: url, subtitles: subtitles))
                if start { job = try await client.perform(.start, on: job.id.rawValue) }
                created.append(job)
                ids.append(job.id.rawValue)
                if quiet {
                    CommandOutput.print([job.id.rawValue])
                } else if !json {
                    CommandOutput.print(["Added \(HumanFormat.shortID(job.id))  \(job.status.rawValue)  \(job.url)"])
                }
            }
            if json { try CommandOutput.printJSON(created) }
            if watch, !ids.isEmpty {
                try await Watch.watch(ids, client: client, follow: false, plain: false, logs: false)
            }
        }
    }

    /// The API body for one URL.
    private func request(for url: String, subtitles: String?) -> CreateJobRequest {
        var request = CreateJobRequest(url: url)
        request.formatPreset = preset
        request.outputContainer = container.flatMap { OutputContainer(rawValue: $0.rawValue) }
        request.priority = priority.flatMap { JobPriority(rawValue: $0.rawValue) }
        request.tags = tags.isEmpty ? nil : tags
        request.subtitleLanguages = subs.map(languages)
        request.embedThumbnail = thumbnail ? true : nil
        request.outputTemplate = template
        request.storage = storage
        request.process = process
        if let dub {
            request.requestedDubbing = true
            request.targetLang = dub
            request.dubbingProvider = provider
            request.sourceLang = sourceLang
            request.dubbingSubtitles = subtitles
        }
        return request
    }

    /// The subtitle file's text (UTF-8).
    private static func readSubtitles(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read the subtitle file \(path)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ValidationError("the subtitle file \(path) is not UTF-8 text")
        }
        return text
    }

    private func languages(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
