import ArgumentParser
import Foundation
import SpoolAPIModels
import SpoolApp
import SpoolCore
import Testing
@testable import spool

@Suite("spool sources: arguments and output")
struct SourceCommandTests {
    private func parse<Command: ParsableCommand>(_ arguments: [String], as type: Command.Type) throws -> Command {
        try #require(try SpoolCommand.parseAsRoot(arguments) as? Command)
    }

    /// The message ArgumentParser gives for arguments that fail to parse or validate; nil when they pass.
    private func failure(_ arguments: [String]) -> String? {
        do {
            _ = try SpoolCommand.parseAsRoot(arguments)
            return nil
        } catch {
            return SpoolCommand.message(for: error)
        }
    }

    @Test("sources add turns every option into the API body")
    func addOptions() throws {
        let add = try parse([
            "sources", "add", "https://www.youtube.com/@news", "--name", "News", "--backlog", "newest:3", "--schedule", "every 2h",
            "--tabs", "videos,streams", "--title-regex", "trailer", "--invert-title", "--min-duration", "60", "--max-duration", "3600",
            "--published-after", "2025-01-02", "--shorts", "exclude", "--streams", "only", "--keep-newest", "10", "--max-age-days", "30",
            "--max-total-size-mb", "5000",
            "--layout", "media-server", "--profile", "2", "--preview", "--json",
        ], as: SourcesAdd.self)
        #expect(add.preview && add.json)
        let source = try add.request().source
        #expect(source.name == "News" && source.url == "https://www.youtube.com/@news")
        #expect(source.backlog == .newest(3) && source.schedule == .interval(minutes: 120) && source.tabs == SourceTabs(videos: true, shorts: false, streams: true))
        #expect(source.filters == SourceFilters(
            titleRegex: "trailer", invertTitleRegex: true, minDuration: 60, maxDuration: 3600, publishedAfter: DayText.parse("2025-01-02"),
            shorts: .exclude, streams: .only
        ))
        #expect(source.retention == Retention(keepNewest: 10, maxAgeDays: 30, maxTotalSizeMB: 5000))
        #expect(source.layout == .mediaServer && source.profileID == 2)
    }

    @Test("sources add with only a URL sends only the URL")
    func addMinimal() throws {
        let add = try parse(["sources", "add", "http://127.0.0.1:8080/feed.xml"], as: SourcesAdd.self)
        #expect(try add.request() == CreateSourceRequest(url: "http://127.0.0.1:8080/feed.xml"))
        #expect(!add.preview)
        let template = try parse(["sources", "add", "https://a.example/", "--layout", "%(id)s.%(ext)s"], as: SourcesAdd.self)
        #expect(try template.request().layout == .custom("%(id)s.%(ext)s"))
    }

    @Test("sources add refuses values the API would refuse, naming the option", arguments: [
        (["--backlog", "newest"], "--backlog"),
        (["--schedule", "hourly"], "--schedule"),
        (["--tabs", "videos,live"], "--tabs"),
        (["--published-after", "2025-02-30"], "--published-after"),
        (["--invert-title"], "--invert-title"),
        (["--shorts", "sometimes"], "--shorts"),
    ])
    func addRefusals(options: [String], option: String) {
        let message = failure(["sources", "add", "https://a.example/"] + options)
        #expect(message?.contains(option) == true, "\(message ?? "accepted")")
    }

    @Test("sources edit sends only what it changes; `none` clears a retention limit")
    func editOptions() throws {
        let edit = try parse([
            "sources", "edit", "News", "--name", "Daily", "--schedule", "daily 04:30", "--disable",
            "--keep-newest", "20", "--max-age-days", "none", "--max-total-size-mb", "50000",
        ], as: SourcesEdit.self)
        let request = try edit.request()
        #expect(edit.id == "News")
        #expect(request.name == "Daily" && request.enabled == false && request.schedule == CheckSchedule(text: "daily 04:30"))
        #expect(request.retention == RetentionChange(keepNewest: .some(20), maxAgeDays: .some(nil), maxTotalSizeMB: .some(50_000)))
        let sizeOnly = try parse(["sources", "edit", "3", "--max-total-size-mb", "none"], as: SourcesEdit.self).request()
        #expect(sizeOnly == PatchSourceRequest(retention: RetentionChange(maxTotalSizeMB: .some(nil))))
        let body = try #require(try JSONSerialization.jsonObject(with: try SpoolJSON.makeEncoder().encode(sizeOnly)) as? [String: Any])
        #expect((body["retention"] as? [String: Any])?["maxTotalSizeMB"] is NSNull, "none is sent as null")
        #expect(try parse(["sources", "edit", "3", "--enable"], as: SourcesEdit.self).request().enabled == true)
        #expect(failure(["sources", "edit", "3"])?.contains("at least one setting") == true)
        #expect(failure(["sources", "edit", "3", "--keep-newest", "0"])?.contains("--keep-newest") == true)
        #expect(failure(["sources", "edit", "3", "--max-total-size-mb", "lots"])?.contains("--max-total-size-mb") == true)
        #expect(failure(["sources", "edit", "3", "--enable", "--disable"]) != nil)
    }

    @Test("retention parses --apply and --json")
    func retentionCommand() throws {
        #expect(try !parse(["retention"], as: RetentionCommand.self).apply)
        let apply = try parse(["retention", "--apply", "--json"], as: RetentionCommand.self)
        #expect(apply.apply && apply.json)
    }

    @Test("sources sync, rm, show and ls parse their flags")
    func otherCommands() throws {
        #expect(try parse(["sources", "sync", "3"], as: SourcesSync.self).mode == .check)
        #expect(try parse(["sources", "sync", "News", "--full"], as: SourcesSync.self).mode == .full)
        #expect(try parse(["source", "sync", "3", "--fast", "--json"], as: SourcesSync.self).mode == .fast)
        #expect(failure(["sources", "sync", "3", "--full", "--fast"]) != nil)
        let remove = try parse(["sources", "rm", "3", "--delete-files"], as: SourcesRemove.self)
        #expect(remove.id == "3" && remove.deleteFiles)
        let show = try parse(["sources", "show", "3", "--items", "5", "--phase", "failed,seen"], as: SourcesShow.self)
        #expect(show.items == 5)
        #expect(try show.phases() == [.failed, .seen])
        #expect(failure(["sources", "show", "3", "--phase", "lost"])?.contains("lost") == true)
        #expect(try parse(["sources", "ls", "--json"], as: SourcesList.self).json)
    }

    static let created = Date(timeIntervalSince1970: 1_700_000_000)

    static func source(_ id: Int64, name: String, error: String? = nil, enabled: Bool = true) -> SourceDTO {
        var status = SourceStatus(nextCheckAt: created)
        status.lastError = error
        let source = Source(id: id, name: name, url: "http://127.0.0.1:8080/\(id).xml", enabled: enabled, backlog: .newest(2), createdAt: created, status: status)
        return SourceDTO(source, progress: SourceProgress(sourceID: id, activity: "idle", new: 1, counts: [.downloaded: 2, .seen: 3, .failed: 1]))
    }

    @Test("the ls table shows the next check, the counts and the last error on one line")
    func table() {
        let lines = SourceTable(sources: [Self.source(1, name: "News"), Self.source(12, name: "Podcast", error: "HTTP 404\nnot found", enabled: false)],
                                width: 100).lines()
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("ID  Name     Enabled  Next check") && lines[0].hasSuffix("Last error"))
        #expect(lines[1].hasPrefix("1   News     yes      ") && lines[1].contains(HumanFormat.date(Self.created)) && lines[1].hasSuffix("  -"))
        #expect(lines[1].contains("     6    1       0     2       1  "))
        #expect(lines[2].hasPrefix("12  Podcast  no       -") && lines[2].hasSuffix("HTTP 404 not found"))
        #expect(lines.allSatisfy { TextWidth.of($0) <= 100 })
        #expect(SourceTable(sources: []).lines().first?.contains("spool sources add") == true)
    }

    @Test("show lists settings, progress and the newest items with phase and reason")
    func report() {
        let entry = ListedEntry(mediaID: "a1", extractor: "generic", url: "u", title: "Trailer")
        let item = SourceItem(sourceID: 1, entry: entry, status: .filtered, reason: "shorter than 60 s (12 s)", position: 0, listedAt: Self.created)
        let lines = SourceReport(source: Self.source(1, name: "News"), items: SourceItemListResponse(items: [SourceItemDTO(item)], counts: [.filtered: 6])).lines()
        #expect(lines.contains("  Backlog:         newest:2"))
        #expect(lines.contains("  Schedule:        every 360m"))
        #expect(lines.contains("  Downloads:       0 queued, 2 done, 1 failed"))
        #expect(lines.contains("ITEMS (newest 1 of 6)"))
        #expect(lines.last == "  filtered  a1  Trailer  shorter than 60 s (12 s)")
    }

    @Test("the preview report gives the counts, then each entry's decision")
    func previewReport() {
        let preview = SourcePreviewResponse(listed: 60, wouldQueue: 2, filtered: 1, deferred: 0, seen: 57, entries: [
            .init(mediaId: "e5", title: "Episode 5", publishedAt: DayText.parse("2026-01-05"), duration: 600, decision: .queue, reason: nil),
            .init(mediaId: "e4", title: "Trailer", publishedAt: nil, duration: 20, decision: .filtered, reason: "shorter than 60 s (20 s)"),
        ])
        let lines = SourcePreviewReport(preview).lines()
        #expect(lines[0] == "Listed 60: 2 would be queued, 57 seen (before the backlog), 1 filtered, 0 deferred.")
        #expect(lines[2] == "  queue     e5  2026-01-05  Episode 5")
        #expect(lines[3] == "  filtered  e4  -           Trailer    shorter than 60 s (20 s)")
        #expect(lines.last == "  … 58 more")
    }
}
