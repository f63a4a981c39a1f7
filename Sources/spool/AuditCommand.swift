import ArgumentParser
import Foundation
import SpoolAPIModels
import SpoolApp


/// `spool audit`: the audit log, newest first (admins).
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Show the audit log: logins, tokens, job control, user changes (admins).",
        discussion: """
            Examples:
              spool audit
              spool audit --actor alice --action job. --limit 20
              spool audit --since 2026-01-01T00:00:00Z --json
            """
    )

    @OptionGroup var connection: ConnectionOptions

    @Option(help: "Only this user's entries (or system, cli).")
    var actor: String?

    @Option(help: "Only actions starting with this (job., auth.login_failed).")
    var action: String?

    @Option(help: "Only entries from this time on (RFC 3339).")
    var since: String?

    @Option(help: "At most this many entries (1–1000).")
    var limit: Int = 50

    @Option(help: "Continue after a previous page (its nextCursor).")
    var cursor: String?

    @Flag(help: "Print the API's JSON.")
    var json = false

    func run() async throws {
        let sinceDate = try since.map { text -> Date in
            guard let date = ClientJSON.parseDate(text) else { throw ValidationError("--since must be an RFC 3339 date-time") }
            return date
        }
        try await connection.withClient { client in
            let page = try await client.auditLog(actor: actor, action: action, since: sinceDate, limit: limit, cursor: cursor)
            if json {
                try CommandOutput.printJSON(page)
                return
            }
            let rows = page.entries.map { entry in
                [
                    HumanFormat.date(entry.time), entry.actor.name, entry.action,
                    entry.target.map { "\($0.kind) \($0.id ?? "")" } ?? "-", entry.outcome.rawValue, entry.clientAddress ?? "-",
                ]
            }
            CommandOutput.print(WebhooksTable.lines(titles: ["Time", "Actor", "Action", "Target", "Outcome", "Client"], rows: rows))
            if let next = page.nextCursor { Terminal.writeError("More: --cursor \(next)\n") }
        }
    }
}
