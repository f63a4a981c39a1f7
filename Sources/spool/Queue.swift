import ArgumentParser
import SpoolApp

/// `spool queue`: queue statistics.
struct Queue: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show queue statistics, job counts per state and free disk space.",
        discussion: "Example: spool queue"
    )

    @OptionGroup var connection: ConnectionOptions

    @Flag(help: "Print the API's JSON.")
    var json = false

    func run() async throws {
        try await connection.withClient { client in
            if json {
                CommandOutput.printJSON(try await client.rawJSON("/api/queue"))
                return
            }
            CommandOutput.print(QueueReport(try await client.queueOverview()).lines())
        }
    }
}
