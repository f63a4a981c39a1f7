import ArgumentParser
import Foundation
import SpoolAPIModels
import SpoolApp
import SpoolCore

/// `spool ls`: the job table.
struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls",
        abstract: "List jobs as a table (like transmission-remote -l).",
        discussion: """
            Columns: ID (unique prefix), Done, Have (bytes on disk), ETA, Speed, Status, Pri(ority), Name.
            Examples:
              spool ls
              spool ls --status active
              spool ls --status failed,canceled --sort updated --desc
              spool ls --search bunny --tag music --json
            """,
        aliases: ["list"]
    )

    @OptionGroup var connection: ConnectionOptions

    @Option(help: ArgumentHelp(
        "States, comma separated: queued, downloading, downloaded, dubbing, dubbed, muxing, processing, complete, failed, canceled, paused; or 'active' (unfinished) and 'done' (finished).",
        valueName: "states"))
    var status: String?

    @Option(help: ArgumentHelp("Text to find in URL, title or tags.", valueName: "text"))
    var search: String?

    @Option(help: ArgumentHelp("Only jobs with this tag.", valueName: "tag"))
    var tag: String?

    @Option(help: "Sort key.")
    var sort: SortChoice = .queue

    @Flag(help: "Sort in descending order.")
    var desc = false

    @Option(help: "Jobs per page (at most 500).")
    var limit: Int = 50

    @Option(help: "Jobs to skip.")
    var offset: Int = 0

    @Flag(help: "List every matching job, page by page.")
    var all = false

    @Flag(help: "Print the API's JSON instead of a table.")
    var json = false

    func validate() throws {
        guard (1...500).contains(limit) else { throw ValidationError("--limit must be between 1 and 500") }
        guard offset >= 0 else { throw ValidationError("--offset cannot be negative") }
        _ = try Self.states(status)
    }

    func run() async throws {
        var query = JobListQuery(statuses: try Self.states(status), search: search, tag: tag, limit: limit, offset: offset,
                                 sort: sort.rawValue, order: desc ? "desc" : "asc")
        try await connection.withClient { client in
            if json, !all {
                CommandOutput.printJSON(try await client.rawJSON("/api/jobs", query: query.queryItems))
                return
            }
            if all { query.limit = 500 }
            var page = try await client.listJobs(query)
            if all {
                var jobs = page.jobs
                var next = offset + page.jobs.count
                while !page.jobs.isEmpty, next < page.total {
                    query.offset = next
                    page = try await client.listJobs(query)
                    jobs += page.jobs
                    next += page.jobs.count
                }
                page = JobListResponse(jobs: jobs, total: page.total, limit: jobs.count, offset: offset)
            }
            if json {
                try CommandOutput.printJSON(page)
            } else {
                CommandOutput.print(JobTable(jobs: page.jobs, total: page.total, offset: offset, width: Terminal.stdoutIsTTY ? Terminal.columns : nil).lines())
            }
        }
    }

    /// Parses `--status`: state names in any case, plus `active` and `done`.
    static func states(_ text: String?) throws -> [JobState] {
        guard let text else { return [] }
        var states: [JobState] = []
        for word in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).uppercased() }) where !word.isEmpty {
            switch word {
            case "ACTIVE": states += JobState.allCases.filter { !$0.isTerminal }
            case "DONE", "FINISHED": states += JobState.allCases.filter(\.isTerminal)
            default:
                guard let state = JobState(rawValue: word) else {
                    throw ValidationError("unknown state '\(word.lowercased())' (see --help for the list)")
                }
                states.append(state)
            }
        }
        return states.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
    }
}
