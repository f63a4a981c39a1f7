import ArgumentParser
import SpoolApp

/// `spool start ID…`.
struct Start: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start jobs now, ahead of the queue's concurrency limit.",
        discussion: "Example: spool start 3f2a 9bc1"
    )

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: ArgumentHelp("Job ids or unique prefixes.", valueName: "id"))
    var ids: [String]

    func run() async throws { try await JobActionCommand.run(.start, ids: ids, connection: connection) }
}
