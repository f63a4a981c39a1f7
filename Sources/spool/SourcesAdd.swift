import ArgumentParser
import Foundation
import SpoolAPIModels
import SpoolApp
import SpoolCore

/// `spool sources add URL`: follows a source, or with `--preview` shows what it would queue.
struct SourcesAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Follow a channel, playlist or feed (its first index starts at once).",
        discussion: """
            --backlog decides what of the already published videos the first index downloads: all, \
            none (default: only what is published from now on), newest:N, or since:YYYY-MM-DD.
            --preview lists the source now and prints what would be queued, without adding it.
            Examples:
              spool sources add https://www.youtube.com/@news --backlog newest:5 --tabs videos --preview
              spool sources add https://example.com/feed.xml --name Podcast --schedule "daily 04:30"
              spool sources add URL --title-regex 'trailer|teaser' --invert-title --min-duration 60
              spool sources add URL --keep-newest 10 --layout media-server --profile 2
              spool sources add URL --max-total-size-mb 20000 --max-age-days 90
            """
    )

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: ArgumentHelp("Channel, playlist or feed URL (http or https).", valueName: "url"))
    var url: String

    @Option(help: ArgumentHelp("Display name and folder (default: from the URL).", valueName: "name"))
    var name: String?

    @Option(help: ArgumentHelp("all, none, newest:N or since:YYYY-MM-DD (default: none).", valueName: "backlog"))
    var backlog: String?

    @Option(help: ArgumentHelp("'every 6h', '30m', '1d' or 'daily HH:MM' (UTC; default: every 6h).", valueName: "schedule"))
    var schedule: String?

    @Option(help: ArgumentHelp("Channel tabs to follow, comma separated: videos, shorts, streams (default: all).", valueName: "tabs"))
    var tabs: String?

    @Option(name: .customLong("title-regex"), help: ArgumentHelp("Skip videos whose title matches (case-insensitive).", valueName: "regex"))
    var titleRegex: String?

    @Flag(name: .customLong("invert-title"), help: "Take only the videos whose title matches --title-regex.")
    var invertTitle = false

    @Option(name: .customLong("min-duration"), help: ArgumentHelp("Skip videos shorter than this (seconds).", valueName: "seconds"))
    var minDuration: Double?

    @Option(name: .customLong("max-duration"), help: ArgumentHelp("Skip videos longer than this (seconds).", valueName: "seconds"))
    var maxDuration: Double?

    @Option(name: .customLong("published-after"), help: ArgumentHelp("Skip videos published before this day.", valueName: "YYYY-MM-DD"))
    var publishedAfter: String?

    @Option(help: "Shorts: include, exclude or only.")
    var shorts: InclusionChoice?

    @Option(help: "Live streams: include, exclude or only.")
    var streams: InclusionChoice?

    @Option(name: .customLong("keep-newest"), help: ArgumentHelp("Delete all but the newest N downloads.", valueName: "N"))
    var keepNewest: Int?

    @Option(name: .customLong("max-age-days"), help: ArgumentHelp("Delete downloads older than D days.", valueName: "D"))
    var maxAgeDays: Int?

    @Option(
        name: .customLong("max-total-size-mb"),
        help: ArgumentHelp("Keep the newest downloads while they take at most M megabytes; delete older ones.", valueName: "M")
    )
    var maxTotalSizeMB: Int?

    @Option(help: ArgumentHelp("archive, media-server, or a yt-dlp output template (default: archive).", valueName: "layout"))
    var layout: String?

    @Option(help: ArgumentHelp("Download profile id (default: the built-in profile).", valueName: "id"))
    var profile: Int64?

    @Flag(help: "List the source now and print what would be queued; add nothing.")
    var preview = false

    @Flag(help: "Print the API's JSON (the new source, or the preview).")
    var json = false

    func validate() throws {
        _ = try request()
    }

    func run() async throws {
        let request = try request()
        try await connection.withClient { client in
            if preview {
                let answer = try await client.previewSource(request)
                if json { try CommandOutput.printJSON(answer) } else { CommandOutput.print(SourcePreviewReport(answer).lines()) }
                return
            }
            let source = try await client.createSource(request)
            if json {
                try CommandOutput.printJSON(source)
            } else {
                CommandOutput.print(["Added source \(source.id)  \(source.name)  \(source.url)  (backlog \(source.backlog.text); first index queued)"])
            }
        }
    }

    /// The API body the options describe; throws `ValidationError` for a value the API would refuse.
    func request() throws -> CreateSourceRequest {
        var request = CreateSourceRequest(url: url, name: name)
        if let backlog {
            guard let value = Backlog(text: backlog) else { throw ValidationError("--backlog must be all, none, newest:N or since:YYYY-MM-DD") }
            request.backlog = value
        }
        if let schedule {
            guard let value = CheckSchedule(text: schedule) else {
                throw ValidationError("--schedule must be 'every <N>m|h|d' (at least 5 minutes), '<N>m|h|d' or 'daily HH:MM'")
            }
            request.schedule = value
        }
        if let tabs {
            var chosen: Set<SourceTab> = []
            for word in tabs.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) where !word.isEmpty {
                guard let tab = SourceTab(rawValue: word), tab != .all else { throw ValidationError("--tabs takes videos, shorts and streams, comma separated") }
                chosen.insert(tab)
            }
            guard !chosen.isEmpty else { throw ValidationError("--tabs needs at least one of videos, shorts, streams") }
            request.tabs = SourceTabsChange(only: chosen)
        }
        var filters = SourceFiltersChange()
        if let titleRegex { filters.titleRegex = .some(titleRegex) }
        if invertTitle {
            guard titleRegex != nil else { throw ValidationError("--invert-title needs --title-regex") }
            filters.invertTitleRegex = true
        }
        if let minDuration { filters.minDuration = .some(minDuration) }
        if let maxDuration { filters.maxDuration = .some(maxDuration) }
        if let publishedAfter {
            guard let day = DayText.parse(publishedAfter) else { throw ValidationError("--published-after must be a day YYYY-MM-DD") }
            filters.publishedAfter = .some(day)
        }
        filters.shorts = shorts.flatMap { SourceFilters.Inclusion(rawValue: $0.rawValue) }
        filters.streams = streams.flatMap { SourceFilters.Inclusion(rawValue: $0.rawValue) }
        request.filters = filters.isEmpty ? nil : filters
        if keepNewest != nil || maxAgeDays != nil || maxTotalSizeMB != nil {
            request.retention = RetentionChange(
                keepNewest: keepNewest.map { .some($0) }, maxAgeDays: maxAgeDays.map { .some($0) }, maxTotalSizeMB: maxTotalSizeMB.map { .some($0) }
            )
        }
        request.layout = layout.map(OutputLayout.init(text:))
        request.profileId = profile.map { .some($0) }
        return request
    }
}
