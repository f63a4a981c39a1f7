import ArgumentParser
import Foundation
import SpoolApp
import SpoolCore

/// `spool logs ID`: a job's durable events.
struct Logs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print a job's log: state changes, log lines and errors (the latest ones by default).",
        discussion: """
            Examples:
              spool logs 3f2a
              spool logs 3f2a --level warning
              spool logs 3f2a --type error,state_change --limit 500
              spool logs 3f2a --follow
            """
    )

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: ArgumentHelp("Job id or unique prefix.", valueName: "id"))
    var id: String

    @Option(help: "Lowest log level to show (other event types are not filtered by level).")
    var level: LevelChoice?

    @Option(help: ArgumentHelp(
        "Event types, comma separated: log, error, state_change, notification, job_added, job_removed.",
        valueName: "types"))
    var type: String?

    @Option(help: "How many events (the latest ones unless --offset is given; the server caps it at 500).")
    var limit: Int = 100

    @Option(help: "Events to skip from the oldest (pages from the start instead of showing the latest).")
    var offset: Int?

    @Flag(name: .shortAndLong, help: "Keep printing new events until the job finishes.")
    var follow = false

    @Flag(help: "Print the API's JSON.")
    var json = false

    func validate() throws {
        guard limit > 0 else { throw ValidationError("--limit must be positive") }
        if let offset, offset < 0 { throw ValidationError("--offset cannot be negative") }
        if follow, json { throw ValidationError("--follow and --json cannot be combined") }
        _ = try types()
    }

    func run() async throws {
        try await connection.withClient { client in
            let id = try await client.resolveJobID(id)
            var query = LogQuery(level: level?.rawValue, types: try types().map(\.rawValue), limit: limit, offset: offset ?? 0)
            if json, offset != nil {
                CommandOutput.printJSON(try await client.rawJSON("/api/jobs/\(id)/logs", query: query.queryItems))
                return
            }
            var page = try await client.logs(id, query: query)
            if offset == nil, page.total > page.events.count {
                query.offset = Swift.max(0, page.total - limit)
                page = try await client.logs(id, query: query)
            }
            if json {
                try CommandOutput.printJSON(page)
                return
            }
            if page.total > page.events.count {
                CommandOutput.warn("showing \(page.events.count) of \(page.total) events (use --limit/--offset for more)")
            }
            CommandOutput.print(page.events.map(\.event).filter(passesLevel).map { EventText.line($0) })
            if follow { try await self.follow(id, after: page.events.map(\.id).max(), client: client) }
        }
    }

    /// Streams new durable events of the job until it reaches a final state.
    private func follow(_ id: String, after lastID: Int64?, client: SpoolClient) async throws {
        var after = lastID
        if after == nil { after = try await client.job(id).events.map(\.id).max() }
        let wanted = Set(try types())
        for try await event in client.events(jobIDs: [id], after: after) {
            guard event.type.isDurable, event.jobId?.rawValue == id else { continue }
            if event.type == .jobRemoved {
                CommandOutput.print([EventText.line(event)])
                return
            }
            let shown = (wanted.isEmpty || wanted.contains(event.type)) && passesLevel(event)
            if shown { CommandOutput.print([EventText.line(event)]) }
            if event.type == .stateChange, let to = event.payload["to"]?.stringValue.flatMap(JobState.init(rawValue:)), to.isTerminal {
                return
            }
        }
    }

    private func passesLevel(_ event: JobEvent) -> Bool {
        guard event.type == .log, let level, let minimum = LogLevel(rawValue: level.rawValue) else { return true }
        let actual = event.payload["level"]?.stringValue.flatMap(LogLevel.init(rawValue:)) ?? .info
        return actual >= minimum
    }

    private func types() throws -> [EventType] {
        guard let type else { return [] }
        return try type.split(separator: ",").map { word in
            let name = word.trimmingCharacters(in: .whitespaces).lowercased()
            guard let value = EventType(rawValue: name), value.isDurable else {
                throw ValidationError("unknown event type '\(name)' (see --help for the list)")
            }
            return value
        }
    }
}
