import ArgumentParser
import SpoolApp

/// `spool retry ID…`.
struct Retry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Retry jobs from the beginning.",
        discussion: "Example: spool retry 3f2a 9bc1"
    )

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: ArgumentHelp("Job ids or unique prefixes.", valueName: "id"))
    var ids: [String]

    func run() async throws { try await JobActionCommand.run(.retry, ids: ids, connection: connection) }
}
