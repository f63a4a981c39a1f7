import ArgumentParser
import SpoolApp

/// `spool show ID`: everything about one job.
struct Show: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a job's details, media and latest events (like transmission-remote -i).",
        discussion: """
            Examples:
              spool show 3f2a
              spool show 3f2a --json
            """,
        aliases: ["info"]
    )

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: ArgumentHelp("Job id or unique prefix.", valueName: "id"))
    var id: String

    @Option(help: "How many of the latest events to list.")
    var events: Int = 10

    @Flag(help: "Print the API's JSON (job, media, events).")
    var json = false

    func validate() throws {
        guard events >= 0 else { throw ValidationError("--events cannot be negative") }
    }

    func run() async throws {
        try await connection.withClient { client in
            let id = try await client.resolveJobID(id)
            if json {
                CommandOutput.printJSON(try await client.rawJSON("/api/jobs/\(id)"))
            } else {
                CommandOutput.print(JobReport(try await client.job(id), eventCount: events).lines())
            }
        }
    }
}
