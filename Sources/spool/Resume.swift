import ArgumentParser
import SpoolApp

/// `spool resume ID…`.
struct Resume: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Resume paused jobs (from their partial files), or failed jobs from their first unfinished stage.",
        discussion: "Example: spool resume 3f2a 9bc1"
    )

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: ArgumentHelp("Job ids or unique prefixes.", valueName: "id"))
    var ids: [String]

    func run() async throws { try await JobActionCommand.run(.resume, ids: ids, connection: connection) }
}
