import ArgumentParser
import SpoolApp

/// `spool cancel ID…`.
struct Cancel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Cancel jobs: kill the running tool and delete temporary files.",
        discussion: "Example: spool cancel 3f2a 9bc1"
    )

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: ArgumentHelp("Job ids or unique prefixes.", valueName: "id"))
    var ids: [String]

    func run() async throws { try await JobActionCommand.run(.cancel, ids: ids, connection: connection) }
}
